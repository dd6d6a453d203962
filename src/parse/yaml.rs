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
}

/// Parses front matter into its top-level keys and values, in source order.
/// `Ok(None)` means the text is valid YAML but not a mapping.
pub fn parse_mapping(text: &str) -> Result<Option<Vec<(String, Yaml)>>, YamlError> {
    let value: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(0, |l| l.index());
            let detail = e.to_string();
            let detail = match detail.find(" at line ") {
                Some(i) => detail[..i].to_string(),
                None => detail,
            };
            return Err(YamlError { offset, detail });
        }
    };
    Ok(match convert(value) {
        Yaml::Map(entries) => Some(entries),
        Yaml::Null => Some(Vec::new()),
        _ => None,
    })
}

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
                .map(|(k, v)| (key_text(k), convert(v)))
                .collect(),
        ),
        Value::Tagged(tagged) => convert(tagged.value),
    }
}

fn key_text(key: serde_yaml::Value) -> String {
    match convert(key) {
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

    #[test]
    fn a_list_is_not_a_mapping() {
        assert_eq!(parse_mapping("- a\n- b\n").unwrap(), None);
        assert_eq!(parse_mapping("").unwrap(), Some(vec![]));
    }
}
