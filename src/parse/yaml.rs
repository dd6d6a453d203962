//! The one place that uses serde_yaml: front-matter text → a small owned tree.
//!
//! serde_yaml reports only the first syntax error and no positions for values, so
//! we take a plain mapping here and let `fields` check keys and types one by one.

/// A YAML value, reduced to what front matter needs.
#[derive(Debug, Clone, PartialEq)]
pub enum Yaml {
    Null,
    Bool(bool),
    Int(i64),
    /// Floats and other scalars, as written.
    Scalar(String),
    Str(String),
    Seq(Vec<Yaml>),
    Map(Vec<(String, Yaml)>),
}

/// A syntax error: where (byte offset in the front matter) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub offset: usize,
    pub detail: String,
    /// The key, when the problem is a key given twice (an editor's slip worth its own
    /// message, rather than serde_yaml's English).
    pub repeated_key: Option<String>,
}

/// Parses front matter into its top-level keys and values, in source order.
/// `Ok(None)` means the text is valid YAML but not a mapping.
pub fn parse_mapping(text: &str) -> Result<Option<Vec<(String, Yaml)>>, YamlError> {
    // Straight into `Yaml`, not through `serde_yaml::Value` (an index map per mapping,
    // converted afterwards): 5 % fewer instructions for YAML, which is mostly scanning.
    let value: Yaml = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(0, |l| l.index());
            let detail = e.to_string();
            let detail = match detail.find(" at line ") {
                Some(i) => detail[..i].to_string(),
                None => detail,
            };
            let repeated_key = detail
                .strip_prefix(DUPLICATE)
                .and_then(|key| serde_json::from_str::<String>(key).ok());
            return Err(YamlError {
                offset,
                detail,
                repeated_key,
            });
        }
    };
    Ok(match value {
        Yaml::Map(entries) => Some(entries),
        Yaml::Null => Some(Vec::new()),
        _ => None,
    })
}

/// The start of serde_yaml's message for a repeated key (ours matches it).
const DUPLICATE: &str = "duplicate entry with key ";

impl<'de> serde::Deserialize<'de> for Yaml {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Yaml, D::Error> {
        deserializer.deserialize_any(YamlVisitor)
    }
}

/// Builds a [`Yaml`] as serde_yaml's own `Value` would hold it: floats as serde_yaml
/// writes them, integers beyond `i64` as text, a tag's value without the tag, and a
/// repeated key as the same error serde_yaml's mapping gives.
struct YamlVisitor;

impl<'de> serde::de::Visitor<'de> for YamlVisitor {
    type Value = Yaml;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Yaml, E> {
        Ok(Yaml::Bool(b))
    }

    fn visit_i64<E>(self, i: i64) -> Result<Yaml, E> {
        Ok(Yaml::Int(i))
    }

    fn visit_u64<E>(self, u: u64) -> Result<Yaml, E> {
        Ok(i64::try_from(u).map_or_else(|_| Yaml::Scalar(u.to_string()), Yaml::Int))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Yaml, E> {
        Ok(Yaml::Scalar(serde_yaml::Number::from(f).to_string()))
    }

    fn visit_str<E>(self, s: &str) -> Result<Yaml, E> {
        Ok(Yaml::Str(s.to_string()))
    }

    fn visit_string<E>(self, s: String) -> Result<Yaml, E> {
        Ok(Yaml::Str(s))
    }

    fn visit_unit<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_none<E>(self) -> Result<Yaml, E> {
        Ok(Yaml::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Yaml, D::Error> {
        serde::Deserialize::deserialize(d)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Yaml, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Yaml::Seq(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Yaml, A::Error> {
        let mut entries: Vec<(Yaml, Yaml)> = Vec::new();
        while let Some(key) = map.next_key::<Yaml>()? {
            // Front matter has a dozen keys: a scan beats hashing them.
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(serde::de::Error::custom(format_args!(
                    "{DUPLICATE}{}",
                    key_debug(&key)
                )));
            }
            let value = map.next_value()?;
            entries.push((key, value));
        }
        Ok(Yaml::Map(
            entries.into_iter().map(|(k, v)| (key_text(k), v)).collect(),
        ))
    }

    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Yaml, A::Error> {
        // A tagged value (`!tag value`): the value counts, as `Value::Tagged` did.
        let (_tag, value) = data.variant::<String>()?;
        serde::de::VariantAccess::newtype_variant(value)
    }
}

/// How serde_yaml names a repeated key in its error.
fn key_debug(key: &Yaml) -> String {
    match key {
        Yaml::Str(s) => format!("{s:?}"),
        other => key_text(other.clone()),
    }
}

fn key_text(key: Yaml) -> String {
    match key {
        Yaml::Str(s) | Yaml::Scalar(s) => s,
        Yaml::Int(i) => i.to_string(),
        Yaml::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_keys_in_order_and_dates_as_text() {
        let map = parse_mapping("title: A\ndate: 2026-01-02\nthemes: [a, b]\n")
            .unwrap()
            .unwrap();
        assert_eq!(map[0].0, "title");
        assert_eq!(map[1].1, Yaml::Str("2026-01-02".into()));
        assert_eq!(
            map[2].1,
            Yaml::Seq(vec![Yaml::Str("a".into()), Yaml::Str("b".into())])
        );
    }

    #[test]
    fn syntax_error_has_an_offset() {
        let err = parse_mapping("title: A\nthemes: [a, b\n").unwrap_err();
        assert!(err.offset > 8, "{err:?}");
        assert!(!err.detail.contains(" at line "));
    }

    /// What `parse_mapping` gave when it went through `serde_yaml::Value`.
    fn through_value(text: &str) -> Result<Option<Vec<(String, Yaml)>>, String> {
        fn convert(value: serde_yaml::Value) -> Yaml {
            use serde_yaml::Value;
            match value {
                Value::Null => Yaml::Null,
                Value::Bool(b) => Yaml::Bool(b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Yaml::Int(i),
                    None => Yaml::Scalar(n.to_string()),
                },
                Value::String(s) => Yaml::Str(s),
                Value::Sequence(items) => Yaml::Seq(items.into_iter().map(convert).collect()),
                Value::Mapping(map) => Yaml::Map(
                    map.into_iter()
                        .map(|(k, v)| (key_text(convert(k)), convert(v)))
                        .collect(),
                ),
                Value::Tagged(tagged) => convert(tagged.value),
            }
        }
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
            let detail = e.to_string();
            detail.split(" at line ").next().unwrap_or("").to_string()
        })?;
        Ok(match convert(value) {
            Yaml::Map(entries) => Some(entries),
            Yaml::Null => Some(Vec::new()),
            _ => None,
        })
    }

    #[test]
    fn the_same_tree_as_through_serde_yamls_value() {
        let cases = [
            "",
            "title: A\ndate: 2026-01-02\n",
            "n: 42\nneg: -7\nbig: 18446744073709551615\nhex: 0x1F\noct: 0o17\n",
            "f: 1.5\ne: 1e3\nsmall: 2.5e-8\ninf: .inf\nninf: -.inf\nnan: .nan\nwhole: 3.0\n",
            "yes: true\nno: false\nnull1: ~\nnull2: null\nempty:\n",
            "themes: [a, b]\nnested: {x: [1, {y: z}]}\n",
            "block:\n  - een\n  - twee: 2\n",
            "tagged: !thema armoede\nlist: !!seq [a]\nstr: !!str 12\n",
            "quoted: \"a: b\"\nsingle: 'it''s'\nfolded: >\n  een\n  twee\nliteral: |\n  regel\n",
            "anchor: &a [x, y]\nalias: *a\n",
            "1: een\ntrue: waar\n\"1\": tekst\n",
            "title: A\ntitle: B\n",
            "1: a\n1: b\n",
            "- a\n- b\n",
            "just text\n",
            "42\n",
            "title: [a, b\n",
            "title: \"open\n",
            "a:\n\tb: 1\n",
        ];
        for text in cases {
            let ours = parse_mapping(text).map_err(|e| e.detail);
            assert_eq!(ours, through_value(text), "{text:?}");
        }
    }

    #[test]
    fn a_repeated_key_is_an_error_that_names_it() {
        let err = parse_mapping("title: A\nplace: B\ntitle : C\n").unwrap_err();
        assert_eq!(err.detail, "duplicate entry with key \"title\"");
        assert_eq!(err.repeated_key.as_deref(), Some("title"));
        // Nested: serde_yaml's own message (prefixed with the path) and place.
        let nested = "a:\n  b: 1\n  b: 2\n";
        let theirs = serde_yaml::from_str::<serde_yaml::Value>(nested).unwrap_err();
        let err = parse_mapping(nested).unwrap_err();
        assert_eq!(Some(err.offset), theirs.location().map(|l| l.index()));
    }

    #[test]
    fn a_list_is_not_a_mapping() {
        assert_eq!(parse_mapping("- a\n- b\n").unwrap(), None);
        assert_eq!(parse_mapping("").unwrap(), Some(vec![]));
    }
}
