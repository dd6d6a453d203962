//! `verteller schema [--kind story]`: JSON Schema of the front matter for editors' tooling.

use std::collections::BTreeMap;

use anyhow::bail;

use crate::cli::Cli;
use crate::model::Kind;
use crate::pipeline::{self, BuildOptions};
use crate::schema;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Alleen deze soort: story, chapter, agenda, agenda-theme, quadrant, role, page (of
    /// verhaal, hoofdstuk, agendapunt, thema, kwadrant, rol, pagina).
    #[arg(long, value_name = "SOORT")]
    pub kind: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    let kind = match &args.kind {
        None => None,
        Some(token) => match crate::scaffold::kind_of_token(token) {
            Some(k) => Some(k),
            None => bail!(
                "{}",
                crate::scaffold::unknown_kind(token).text(crate::messages::Lang::Nl)
            ),
        },
    };
    let options = BuildOptions {
        root: cli.root.clone(),
        drafts: true,
        ..BuildOptions::default()
    };
    let loaded = pipeline::load(&options)?;
    let mut ids: BTreeMap<Kind, Vec<String>> = BTreeMap::new();
    for d in &loaded.documents {
        ids.entry(d.kind).or_default().push(d.id.clone());
    }
    ids.entry(Kind::Role)
        .or_insert_with(|| vec!["burger".into(), "uitvoerder".into(), "beleidmaker".into()]);
    for list in ids.values_mut() {
        list.sort();
        list.dedup();
    }
    let value = schema::schema(
        kind,
        &ids,
        &loaded.config.components,
        &loaded.config.taxonomies,
    );
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(0)
}
