//! `verteller serve`: preview with live reload on loopback.

use std::net::IpAddr;

use crate::cli::Cli;
use crate::serve::{self, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Poort (standaard 1111, of de eerstvolgende vrije).
    #[arg(long)]
    pub port: Option<u16>,
    /// Adres om op te luisteren; anders dan loopback is de site bereikbaar voor anderen.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// Nog een hostnaam toestaan (bijvoorbeeld voor een tunnel); mag vaker.
    #[arg(long = "allow-host", value_name = "NAAM")]
    pub allow_hosts: Vec<String>,
    /// Open de site in de browser.
    #[arg(long)]
    pub open: bool,
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    serve::run(&ServeOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        port: args.port,
        bind: args.bind,
        allow_hosts: args.allow_hosts.clone(),
        open: args.open,
        debounce: serve::DEFAULT_DEBOUNCE,
    })?;
    Ok(0)
}
