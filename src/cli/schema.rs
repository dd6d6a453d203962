//! `verteller schema [--kind story]`: JSON Schema of the front matter for editors' tooling.

use std::collections::BTreeMap;

use anyhow::bail;

use crate::cli::Cli;
use crate::model::Kind;
use crate::pipeline::{self, BuildOptions};
use crate::schema::{self, KINDS};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Alleen deze soort: chapter, story, agenda, agenda_theme, quadrant, role, page.
    #[arg(long)]
    pub kind: Option<String>,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    let kind = match &args.kind {
        None => None,
        Some(token) => match KINDS.iter().find(|k| k.token() == token.replace('-', "_")) {
            Some(k) => Some(*k),
            None => {
                let tokens: Vec<&str> = KINDS.iter().map(|k| k.token()).collect();
                bail!("onbekende soort `{token}`; kies uit: {}", tokens.join(", "));
            }
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
    let value = schema::schema(kind, &ids);
    println!("{}", serde_json::to_string_pretty(&value)?);
    Ok(0)
}
