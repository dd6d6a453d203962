//! verteller: a static-site generator for the *Verhaal van de Gemeentesecretaris*.
//!
//! A build is a pipeline of pure stages between one reader ([`source`]) and one writer
//! ([`output`]); see ARCHITECTURE.md for the codemap and the invariants.

pub mod brand;
pub mod cli;
pub mod components;
pub mod config;
pub mod diagnostics;
pub mod editorial;
pub mod extern_check;
pub mod fingerprint;
pub mod html_policy;
pub mod images;
pub mod link_check;
pub mod lint;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod memory;
pub mod messages;
pub mod mode;
pub mod model;
pub mod output;
pub mod output_paths;
pub mod parse;
pub mod path_text;
pub mod photos;
pub mod pipeline;
pub mod privacy;
pub mod publish;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod schedule;
pub mod schema;
pub mod search;
pub mod serve;
pub mod source;
pub mod template_contract;
pub mod watch;
