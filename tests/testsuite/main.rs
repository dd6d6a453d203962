//! The one integration-test binary: CLI runs over tiny fixture sites, pipeline
//! checks, snapshots and the browser harness. One module per area.

mod browser;
mod browser_security;
mod browser_serve;
mod cli_errors;
mod cli_site;
mod cli_tools;
mod components;
mod docs_contract;
mod editor_tips;
mod extern_links;
mod images;
mod incremental;
mod publishing;
mod releases;
mod robustness;
mod save_patterns;
mod schedule;
mod search;
mod search_differential;
mod security;
mod serve;
mod serve_hardening;
mod site_structure;
mod support;
mod theme_contract;
mod tidy;
