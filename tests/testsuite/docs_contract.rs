//! The public contract in `docs/content.md` and `docs/configuration.md` cannot drift from
//! the code. Each side is read through a route that survives refactoring:
//!
//! - front-matter keys: `verteller schema` (JSON Schema generated from the checker's own
//!   contract table: `properties` are exactly the accepted keys, `required` the required
//!   ones), compared with the key tables of each kind's section in `docs/content.md`;
//! - diagnostic codes: the source text of the function that maps messages to codes (found
//!   by the arm for `"unknown-key"`, wherever it lives under `src/`), compared with the
//!   code table of `docs/content.md`;
//! - `site.toml` keys: `verteller check --format json` on a `site.toml` with an unknown key
//!   at the top and in every table; the hint of each `unknown-key` lists the keys allowed
//!   there, compared with the key tables of `docs/configuration.md`;
//! - the editors' handbook `docs/handboek.md` (Dutch): one entry ``### `code` `` per
//!   diagnostic code, the same codes as above, each with an example, the message as
//!   verteller prints it (`fout[code]: …` or `waarschuwing[code]: …`, its severity the one
//!   `docs/content.md` gives) and a part "Zo los je het op";
//! - the `/hulp/` guide of the default site: the codes it names (the `Code` table of its
//!   section "Als verteller een fout meldt", and any `fout[code]` it shows) are codes with
//!   a handbook entry.
//!
//! - the template contract: `docs/templates.md`'s tables are the ones
//!   `verteller::template_contract::markdown_tables` generates from the code's table
//!   (which `theme_contract` holds to what templates really see).
//!
//! The docs' tables are Markdown tables whose first header cell is `key`, `code` or `kind`
//! (`Code` in the guide) and whose first cell in each row is one backticked name.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(repo().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Runs `verteller --root <root> args…` and returns its stdout (any exit code but 2).
fn verteller(root: &Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("verteller")
        .unwrap()
        .arg("--root")
        .arg(root)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_ne!(
        out.status.code(),
        Some(2),
        "verteller {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A site with only `site.toml` (and a home page).
fn site(site_toml: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("site.toml"), site_toml).unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(
        dir.path().join("content/_index.md"),
        "---\ntitle: Home\n---\n\nHallo.\n",
    )
    .unwrap();
    dir
}

// ---------------------------------------------------------------------------------------
// Reading the docs.

/// One section of a Markdown file: its heading and the text up to the next heading (of
/// any level). Headings inside fenced code blocks do not count.
struct Section {
    level: usize,
    heading: String,
    body: String,
}

fn sections(markdown: &str) -> Vec<Section> {
    let mut out = vec![Section {
        level: 0,
        heading: String::new(),
        body: String::new(),
    }];
    let mut fenced = false;
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        let level = line.bytes().take_while(|&b| b == b'#').count();
        if !fenced && level > 0 && line[level..].starts_with(' ') {
            out.push(Section {
                level,
                heading: line[level..].trim().to_string(),
                body: String::new(),
            });
        } else if let Some(last) = out.last_mut() {
            last.body.push_str(line);
            last.body.push('\n');
        }
    }
    out
}

/// The cells of a table row (`\|` is a pipe inside a cell).
fn cells(row: &str) -> Vec<String> {
    let row = row.trim();
    let row = row.strip_prefix('|').unwrap_or(row);
    let row = row.strip_suffix('|').unwrap_or(row);
    let mut out = vec![String::new()];
    let mut chars = row.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                out.last_mut().unwrap().push('|');
                chars.next();
            }
            '|' => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The rows of every table in `body` whose first header cell is `first`, as
/// column name → cell.
fn table_rows(body: &str, first: &str) -> Vec<BTreeMap<String, String>> {
    let mut out = Vec::new();
    let mut header: Option<Vec<String>> = None;
    let mut in_table = false;
    for line in body.lines() {
        if !line.trim_start().starts_with('|') {
            in_table = false;
            header = None;
            continue;
        }
        let row = cells(line);
        if !in_table {
            in_table = true;
            header = (row.first().map(String::as_str) == Some(first)).then_some(row);
            continue;
        }
        let Some(header) = &header else { continue };
        if row.iter().all(|c| c.chars().all(|c| c == '-' || c == ':')) {
            continue; // the separator row
        }
        out.push(header.iter().cloned().zip(row).collect());
    }
    out
}

/// `name` of a cell that is exactly `` `name` ``.
fn backticked(cell: &str) -> Option<&str> {
    let inner = cell.strip_prefix('`')?.strip_suffix('`')?;
    (!inner.is_empty() && !inner.contains('`')).then_some(inner)
}

/// The backticked names in the first column of the `first`-headed tables in `body`.
fn names(body: &str, first: &str) -> Vec<(String, BTreeMap<String, String>)> {
    table_rows(body, first)
        .into_iter()
        .map(|row| {
            let name = backticked(&row[first])
                .unwrap_or_else(|| {
                    panic!(
                        "a `{first}` table row must start with one backticked name: {:?}",
                        row[first]
                    )
                })
                .to_string();
            (name, row)
        })
        .collect()
}

/// Every backticked word in `text`.
fn backticked_words(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn set<'a>(items: impl IntoIterator<Item = &'a String>) -> BTreeSet<String> {
    items.into_iter().cloned().collect()
}

/// `what` must be the same set on both sides, with a message that says which to fix.
fn same(code: &BTreeSet<String>, docs: &BTreeSet<String>, what: &str, doc_file: &str) {
    differ(
        code,
        docs,
        what,
        doc_file,
        (
            "accepted by verteller but not documented",
            "documented but unknown to verteller",
        ),
    );
}

/// Like [`same`], with words of its own for the two differences.
fn differ(
    code: &BTreeSet<String>,
    docs: &BTreeSet<String>,
    what: &str,
    doc_file: &str,
    (only_code, only_docs): (&str, &str),
) {
    let undocumented: Vec<&String> = code.difference(docs).collect();
    let unknown: Vec<&String> = docs.difference(code).collect();
    assert!(
        undocumented.is_empty() && unknown.is_empty(),
        "{what}: {doc_file} is out of date.\n  {only_code}: {undocumented:?}\n  \
         {only_docs}: {unknown:?}"
    );
}

// ---------------------------------------------------------------------------------------
// (a) Front-matter keys.

/// The docs' word for a schema type must say the same thing (coarsely: a list is a
/// list, a date a date, …).
fn type_agrees(schema: &Value, documented: &str) -> bool {
    let documented = documented.to_lowercase();
    if schema.get("anyOf").is_some() {
        return documented.contains("list");
    }
    match schema["type"].as_str() {
        Some("boolean") => documented.contains("true"),
        Some("integer") => documented.contains("number"),
        Some("object") => documented.contains("mapping"),
        Some("string") if schema.get("pattern").is_some() => documented.contains("date"),
        Some("string") => !documented.contains("list") && !documented.contains("date"),
        _ => true,
    }
}

#[test]
fn every_front_matter_key_of_every_kind_is_documented() {
    let tmp = site("title = \"Docs\"\n");
    let schema: Value = serde_json::from_str(&verteller(tmp.path(), &["schema"])).unwrap();
    let definitions = schema["definitions"]
        .as_object()
        .expect("`verteller schema` has `definitions` per kind");
    assert!(definitions.len() >= 7, "{definitions:?}");

    let docs = read("docs/content.md");
    let sections = sections(&docs);

    // The overview of kinds.
    let kinds_section = sections
        .iter()
        .find(|s| s.heading == "Kinds")
        .expect("docs/content.md has a section `## Kinds`");
    let documented_kinds = set(names(&kinds_section.body, "kind").iter().map(|(n, _)| n));
    same(
        &set(definitions.keys()),
        &documented_kinds,
        "kinds",
        "docs/content.md (## Kinds)",
    );

    let common = sections
        .iter()
        .find(|s| s.heading.starts_with("Common keys"))
        .expect("docs/content.md has a section `### Common keys`");
    let common_rows = names(&common.body, "key");
    assert!(!common_rows.is_empty(), "no key table under Common keys");

    for (kind, definition) in definitions {
        let section = sections
            .iter()
            .filter(|s| s.level == 3)
            .find(|s| backticked_words(&s.heading).first() == Some(kind))
            .unwrap_or_else(|| {
                panic!("docs/content.md has no section `### `{kind}` — …` for kind `{kind}`")
            });
        // The kind's own rows override the common ones (a chapter's `weight` is required).
        let mut documented: BTreeMap<String, BTreeMap<String, String>> =
            common_rows.iter().cloned().collect();
        documented.extend(names(&section.body, "key"));

        let properties = definition["properties"].as_object().unwrap();
        let required: BTreeSet<String> = definition["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let doc_file = format!("docs/content.md (### `{kind}` and Common keys)");
        same(
            &set(properties.keys()),
            &set(documented.keys()),
            &format!("front-matter keys of `{kind}`"),
            &doc_file,
        );
        let documented_required: BTreeSet<String> = documented
            .iter()
            .filter(|(_, row)| row.get("required").map(String::as_str) == Some("yes"))
            .map(|(k, _)| k.clone())
            .collect();
        differ(
            &required,
            &documented_required,
            &format!("required front-matter keys of `{kind}`"),
            &doc_file,
            (
                "required by the checker but not marked `yes` in the docs",
                "marked `yes` in the docs but optional in the checker",
            ),
        );
        for (key, row) in &documented {
            let documented_type = row.get("type").map_or("", String::as_str);
            assert!(
                type_agrees(&properties[key], documented_type),
                "{doc_file}: `{key}` is documented as `{documented_type}`, but the checker \
                 takes {}",
                properties[key]
            );
        }
    }
}

/// The components (issue 24): `verteller schema`'s `x-verteller-components` (generated
/// from the table `markdown` checks bodies against) and the sections `### `name`` under
/// `## Components` of docs/content.md: the same components, the same arguments, the
/// same required ones, each argument's type written first in its `type` cell.
#[test]
fn every_component_and_argument_is_documented() {
    let tmp = site("title = \"Docs\"\n");
    let schema: Value = serde_json::from_str(&verteller(tmp.path(), &["schema"])).unwrap();
    let components = schema["x-verteller-components"]
        .as_object()
        .expect("`verteller schema` lists the components under `x-verteller-components`");
    assert!(components.contains_key("callout") && components.len() >= 6);

    let docs = read("docs/content.md");
    let sections = sections(&docs);
    let start = sections
        .iter()
        .position(|s| s.level == 2 && s.heading == "Components")
        .expect("docs/content.md has a section `## Components`");
    let documented: BTreeMap<String, &Section> = sections[start + 1..]
        .iter()
        .take_while(|s| s.level > 2)
        .filter(|s| s.level == 3)
        .filter_map(|s| {
            let name = backticked_words(&s.heading).into_iter().next()?;
            Some((name, s))
        })
        .collect();
    same(
        &set(components.keys()),
        &set(documented.keys()),
        "components",
        "docs/content.md (## Components, a section ### `name` each)",
    );
    for (name, schema) in components {
        let section = documented[name];
        let rows: BTreeMap<String, BTreeMap<String, String>> =
            names(&section.body, "argument").into_iter().collect();
        let properties = schema["properties"].as_object().unwrap();
        let doc_file = format!("docs/content.md (### `{name}`)");
        same(
            &set(properties.keys()),
            &set(rows.keys()),
            &format!("arguments of `{name}`"),
            &doc_file,
        );
        let required: BTreeSet<String> = schema["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        let documented_required: BTreeSet<String> = rows
            .iter()
            .filter(|(_, row)| row.get("required").map(String::as_str) == Some("yes"))
            .map(|(k, _)| k.clone())
            .collect();
        differ(
            &required,
            &documented_required,
            &format!("required arguments of `{name}`"),
            &doc_file,
            (
                "required by the checker but not marked `yes`",
                "marked `yes` but optional in the checker",
            ),
        );
        for (arg, row) in &rows {
            let ty = properties[arg]["x-type"].as_str().unwrap();
            let cell = row.get("type").map_or("", String::as_str);
            assert!(
                cell.starts_with(ty),
                "{doc_file}: `{arg}` is documented as `{cell}`, but its type is `{ty}`"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// (b) Diagnostic codes.

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The `{ … }` block that opens at byte `open` (a `{`), braces inside string literals
/// and comments aside (the code function has neither with braces).
fn block(text: &str, open: usize) -> &str {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate().skip(open) {
        match b {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[open..=i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced braces after byte {open}")
}

/// The string literals right after `=>` in `block` (arms `Msg::X { .. } => "code"`).
fn arm_literals(block: &str) -> Vec<String> {
    block
        .split("=>")
        .skip(1)
        .filter_map(|rest| {
            let rest = rest.trim_start().strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect()
}

/// Every diagnostic code, from the source text of the function that maps messages to
/// codes: the `match` holding the arm `=> "unknown-key"`, in whichever file under `src/`
/// it lives now (during a move there may be two; both count).
fn diagnostic_codes() -> (BTreeSet<String>, Vec<PathBuf>) {
    let mut files = Vec::new();
    rust_files(&repo().join("src"), &mut files);
    files.sort();
    let mut codes = BTreeSet::new();
    let mut found_in = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let mut from = 0;
        while let Some(at) = text[from..].find("\"unknown-key\"").map(|i| from + i) {
            from = at + 1;
            if !text[..at].trim_end().ends_with("=>") {
                continue;
            }
            let Some(matched) = text[..at].rfind("match ") else {
                continue;
            };
            let open = matched + text[matched..].find('{').unwrap();
            codes.extend(arm_literals(block(&text, open)));
            found_in.push(file.clone());
        }
    }
    (codes, found_in)
}

#[test]
fn every_diagnostic_code_is_documented() {
    let (codes, found_in) = diagnostic_codes();
    assert!(
        !found_in.is_empty(),
        "no `match` with an arm `=> \"unknown-key\"` under src/: if the codes moved into \
         another form, teach `diagnostic_codes` in this test to read it"
    );
    assert!(
        codes.len() >= 30 && codes.contains("unknown-key") && codes.contains("broken-link"),
        "reading the codes from {found_in:?} went wrong: {codes:?}"
    );

    let docs = read("docs/content.md");
    let sections = sections(&docs);
    let table = sections
        .iter()
        .find(|s| s.heading == "Diagnostic codes")
        .expect("docs/content.md has a section `## Diagnostic codes`");
    let rows = names(&table.body, "code");
    for (code, row) in &rows {
        let severity = row.get("severity").map_or("", String::as_str);
        assert!(
            severity.starts_with("error") || severity.starts_with("warning"),
            "docs/content.md: code `{code}` needs a severity (error or warning), not {severity:?}"
        );
    }
    same(
        &codes,
        &set(rows.iter().map(|(c, _)| c)),
        &format!("diagnostic codes (read from {found_in:?})"),
        "docs/content.md (## Diagnostic codes)",
    );
}

// ---------------------------------------------------------------------------------------
// (c) site.toml keys.

/// A key no allowed key resembles, so the hint lists the allowed keys instead of
/// suggesting one.
const UNKNOWN: &str = "qqqqqqqq";

/// `(line, allowed keys)` of every `unknown-key` diagnostic in `site.toml`.
fn unknown_key_hints(site_toml: &str) -> BTreeMap<u64, Vec<String>> {
    let tmp = site(site_toml);
    let json: Value =
        serde_json::from_str(&verteller(tmp.path(), &["check", "--format", "json"])).unwrap();
    json.as_array()
        .expect("`check --format json` prints an array")
        .iter()
        .filter(|d| d["code"] == "unknown-key" && d["file"] == "site.toml")
        .map(|d| {
            let hint = d["hint"].as_str().unwrap_or_default();
            // A key under a table is reported with the table's name (`in `[brand]` zijn
            // toegestaan: …`); that name is not one of the keys.
            let allowed: Vec<String> = backticked_words(hint)
                .into_iter()
                .filter(|w| !w.starts_with('['))
                .collect();
            assert!(
                allowed.len() > 1 || !hint.contains('?'),
                "`{UNKNOWN}` got a suggestion instead of the allowed keys: {hint:?}"
            );
            (d["line"].as_u64().unwrap(), allowed)
        })
        .collect()
}

#[test]
fn every_site_toml_key_is_documented() {
    // The top-level keys: the hint of an unknown one lists them.
    let top = unknown_key_hints(&format!("{UNKNOWN} = 1\n"))
        .remove(&1)
        .expect("an unknown top-level key in site.toml is reported at line 1");
    assert!(top.contains(&"title".to_string()), "{top:?}");

    // Each of them written as a table with an unknown key: the tables report the unknown
    // key with their own allowed keys; the others are not tables (a wrong type).
    let mut text = format!("{UNKNOWN} = 1\n");
    let mut line_of = BTreeMap::new();
    for key in &top {
        text.push_str(&format!("[{key}]\n{UNKNOWN} = 1\n"));
        line_of.insert(text.lines().count() as u64, key.clone());
    }
    let hints = unknown_key_hints(&text);
    let tables: BTreeMap<String, Vec<String>> = hints
        .into_iter()
        .filter_map(|(line, allowed)| Some((line_of.get(&line)?.clone(), allowed)))
        .collect();
    assert!(
        tables.contains_key("brand") && tables.contains_key("markdown"),
        "tables found: {tables:?}"
    );

    let docs = read("docs/configuration.md");
    let sections = sections(&docs);
    let top_section = sections
        .iter()
        .find(|s| s.heading == "Top-level keys")
        .expect("docs/configuration.md has a section `## Top-level keys`");
    let top_rows = names(&top_section.body, "key");
    same(
        &set(&top),
        &set(top_rows.iter().map(|(k, _)| k)),
        "top-level keys of site.toml",
        "docs/configuration.md (## Top-level keys)",
    );
    for (key, row) in &top_rows {
        let is_table = row.get("type").map(String::as_str) == Some("table");
        assert_eq!(
            is_table,
            tables.contains_key(key),
            "docs/configuration.md: `{key}` is {} in site.toml; its type says {:?}",
            if tables.contains_key(key) {
                "a table"
            } else {
                "not a table"
            },
            row.get("type")
        );
    }

    let documented_tables: BTreeSet<String> = sections
        .iter()
        .filter_map(|s| {
            let word = backticked_words(&s.heading).into_iter().next()?;
            Some(word.strip_prefix('[')?.strip_suffix(']')?.to_string())
        })
        .collect();
    same(
        &set(tables.keys()),
        &documented_tables,
        "tables of site.toml (sections `## `[name]``)",
        "docs/configuration.md",
    );
    for (table, allowed) in &tables {
        let section = sections
            .iter()
            .find(|s| backticked_words(&s.heading).first() == Some(&format!("[{table}]")))
            .unwrap();
        same(
            &set(allowed),
            &set(names(&section.body, "key").iter().map(|(k, _)| k)),
            &format!("keys of [{table}] in site.toml"),
            &format!("docs/configuration.md (## `[{table}]`)"),
        );
    }
}

// ---------------------------------------------------------------------------------------
// (d) The editors' handbook and the /hulp/ guide.

const HANDBOOK: &str = "docs/handboek.md";
const GUIDE: &str = "content/hulp/zo-schrijf-je-een-verhaal.md";

/// Every code, read as in (b), after checking that reading it worked.
fn catalogue_codes() -> BTreeSet<String> {
    let (codes, found_in) = diagnostic_codes();
    assert!(
        codes.len() >= 30 && codes.contains("unknown-key") && codes.contains("broken-link"),
        "reading the codes from {found_in:?} went wrong: {codes:?}"
    );
    codes
}

/// The handbook's entries: each section ``### `code` `` (exactly one backticked word) with
/// its body. A code with two entries is an error.
fn handbook_entries() -> BTreeMap<String, String> {
    let mut entries = BTreeMap::new();
    for section in sections(&read(HANDBOOK)) {
        if section.level != 3 {
            continue;
        }
        let Some(code) = backticked(&section.heading) else {
            continue;
        };
        let again = entries.insert(code.to_string(), section.body);
        assert!(again.is_none(), "{HANDBOOK}: two entries `### `{code}``");
    }
    entries
}

/// The fenced code blocks of `body`, each as the text between its fences.
fn code_blocks(body: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut open: Option<String> = None;
    for line in body.lines() {
        if line.trim_start().starts_with("```") {
            match open.take() {
                Some(block) => blocks.push(block),
                None => open = Some(String::new()),
            }
        } else if let Some(block) = &mut open {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

/// The severity word of a line `fout[code]: …` or `waarschuwing[code]: …` in `block`, as
/// verteller prints a message.
fn printed_severity(block: &str, code: &str) -> Option<&'static str> {
    block.lines().find_map(|line| {
        ["fout", "waarschuwing"]
            .into_iter()
            .find(|word| line.starts_with(&format!("{word}[{code}]: ")))
    })
}

/// Every `code` written as `fout[code]` or `waarschuwing[code]` in `text`.
fn printed_codes(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for word in ["fout[", "waarschuwing["] {
        for (at, _) in text.match_indices(word) {
            let rest = &text[at + word.len()..];
            if let Some(end) = rest.find(']') {
                out.insert(rest[..end].to_string());
            }
        }
    }
    out
}

#[test]
fn every_diagnostic_code_has_a_handbook_entry() {
    let codes = catalogue_codes();
    let entries = handbook_entries();
    differ(
        &codes,
        &set(entries.keys()),
        "diagnostic codes",
        &format!("{HANDBOOK} (an entry `### `code`` for each)"),
        (
            "in the message catalogue but without an entry",
            "an entry for a code verteller does not have (stale)",
        ),
    );
}

#[test]
fn every_handbook_entry_has_an_example_the_message_and_a_fix() {
    // The severity of each code as docs/content.md gives it.
    let content = read("docs/content.md");
    let severity: BTreeMap<String, String> = sections(&content)
        .iter()
        .filter(|s| s.heading == "Diagnostic codes")
        .flat_map(|s| names(&s.body, "code"))
        .map(|(code, row)| (code, row.get("severity").cloned().unwrap_or_default()))
        .collect();

    let mut problems = Vec::new();
    for (code, body) in handbook_entries() {
        let blocks = code_blocks(&body);
        let printed: Vec<&str> = blocks
            .iter()
            .filter_map(|b| printed_severity(b, &code))
            .collect();
        if printed.is_empty() {
            problems.push(format!(
                "`{code}`: no code block with the message as verteller prints it \
                 (a line `fout[{code}]: …` or `waarschuwing[{code}]: …`)"
            ));
        }
        if blocks.len() <= printed.len() {
            problems.push(format!(
                "`{code}`: no example (a code block of Markdown, YAML, TOML, … that causes \
                 the message)"
            ));
        }
        if !body.contains("Zo los je het op") {
            problems.push(format!("`{code}`: no part \"Zo los je het op\""));
        }
        let expected = match severity.get(&code).map(String::as_str) {
            Some(s) if s.starts_with("error") => Some("fout"),
            Some(s) if s.starts_with("warning") => Some("waarschuwing"),
            _ => None,
        };
        if let Some(expected) = expected
            && printed.iter().any(|&p| p != expected)
        {
            problems.push(format!(
                "`{code}`: shown as `{printed:?}`, but docs/content.md says it is {}",
                severity[&code]
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{HANDBOOK}: entries to complete:\n  {}",
        problems.join("\n  ")
    );
}

#[test]
fn the_hulp_guide_names_only_codes_the_handbook_explains() {
    let guide = read(GUIDE);
    let sections = sections(&guide);
    let section = sections
        .iter()
        .find(|s| s.level == 2 && s.heading == "Als verteller een fout meldt")
        .unwrap_or_else(|| panic!("{GUIDE} has a section `## Als verteller een fout meldt`"));
    let table: BTreeSet<String> = names(&section.body, "Code")
        .into_iter()
        .map(|(code, _)| code)
        .collect();
    assert!(
        table.len() >= 5,
        "{GUIDE}: the section `Als verteller een fout meldt` lists the most common codes in a \
         table whose first header cell is `Code`; found {table:?}"
    );
    let mentioned: BTreeSet<String> = table.union(&printed_codes(&guide)).cloned().collect();

    let codes = catalogue_codes();
    let entries = handbook_entries();
    let unknown: Vec<&String> = mentioned.difference(&codes).collect();
    let unexplained: Vec<&String> = mentioned
        .iter()
        .filter(|c| codes.contains(*c) && !entries.contains_key(*c))
        .collect();
    assert!(
        unknown.is_empty() && unexplained.is_empty(),
        "{GUIDE} names codes it should not.\n  not in the message catalogue: {unknown:?}\n  \
         without an entry in {HANDBOOK}: {unexplained:?}"
    );
}

// ---------------------------------------------------------------------------------------
// (e) The template contract.

#[test]
fn the_template_docs_show_the_contract_s_tables() {
    let docs = read("docs/templates.md");
    let sections = sections(&docs);
    let mut problems = Vec::new();
    for (heading, table) in verteller::template_contract::markdown_tables() {
        match sections.iter().find(|s| s.heading == heading) {
            None => problems.push(format!(
                "docs/templates.md has no section `### {heading}`; it should hold:\n{table}"
            )),
            Some(section) if !section.body.contains(&table) => problems.push(format!(
                "docs/templates.md, `### {heading}`: the table differs from \
                 src/template_contract.rs; it should read:\n{table}"
            )),
            Some(_) => {}
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // And the check can fail: a changed row is found.
    let (heading, table) = &verteller::template_contract::markdown_tables()[0];
    let changed = table.replacen("| `", "| `x", 1);
    assert!(!format!("### {heading}\n\n{changed}").contains(table.as_str()));
}
