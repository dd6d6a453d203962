//! `verteller serve`: preview with live reload on loopback.

use std::net::IpAddr;

use crate::cli::Cli;
use crate::serve::{self, ServeOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Poort (standaard 1111, of de eerstvolgende vrije).
    #[arg(long, value_name = "POORT")]
    pub port: Option<u16>,
    /// Adres om op te luisteren; anders dan loopback is de site bereikbaar voor anderen.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADRES")]
    pub bind: IpAddr,
    /// Nog een hostnaam toestaan (bijvoorbeeld voor een tunnel); mag vaker. Zonder poort:
    /// de Host mag alleen de poort noemen waarop verteller luistert.
    #[arg(long = "allow-host", value_name = "NAAM", value_parser = host_name)]
    pub allow_hosts: Vec<String>,
    /// Open de site in de browser.
    #[arg(long)]
    pub open: bool,
}

/// An `--allow-host` value: a host name or a bracketed IPv6 address, without a port
/// (serve compares the Host's name with it exactly, and its port with the bound one).
fn host_name(value: &str) -> Result<String, String> {
    let ok = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
        Some(ip) => ip.parse::<std::net::Ipv6Addr>().is_ok(),
        None => {
            !value.is_empty()
                && value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
        }
    };
    if ok {
        Ok(value.to_string())
    } else {
        Err(format!(
            "'{value}' is geen hostnaam; geef alleen de naam, zonder poort of schema (bijvoorbeeld voorbeeld.test, of [::1] voor een IPv6-adres)"
        ))
    }
}

pub fn run(cli: &Cli, args: &Args) -> anyhow::Result<u8> {
    serve::run(&ServeOptions {
        root: cli.root.clone(),
        drafts: cli.drafts,
        as_of: cli.as_of,
        port: args.port,
        bind: args.bind,
        allow_hosts: args.allow_hosts.clone(),
        open: args.open,
        debounce: serve::DEFAULT_DEBOUNCE,
    })?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::host_name;

    #[test]
    fn allowed_hosts_are_names_without_a_port() {
        for good in ["verteller.test", "my_box", "[::1]", "[fe80::2]", "10.0.0.2"] {
            assert!(host_name(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "name:8080",
            "http://name",
            "[::1]:80",
            "[nonsense]",
            "a b",
        ] {
            assert!(host_name(bad).is_err(), "{bad}");
        }
    }
}
