//! JSON Schema of the front matter, generated from the same contract table the parser
//! uses (`parse::fields::spec`), never a hand-kept copy. With the site's ids as enums,
//! editors' YAML tooling completes and checks references while they type.
//!
//! The components (`:::callout{…}`) are in the body, which YAML tooling does not read;
//! they are listed under the extension keyword `x-verteller-components` (JSON Schema
//! lets validators ignore unknown keywords), each as the schema of its arguments
//! (an object of `name: value`), from the same table `markdown` checks them against.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::components::{ArgType, Catalog, Spec};
use crate::config::Taxonomy;
use crate::model::{Kind, Status};
use crate::parse::fields::{FieldType, spec};

/// All kinds, in the order of DESIGN §2.
pub const KINDS: [Kind; 7] = Kind::ALL;

/// The schema of one kind, or of all kinds (`anyOf`) when `kind` is `None`.
/// `ids` holds the site's valid ids per kind.
pub fn schema(
    kind: Option<Kind>,
    ids: &BTreeMap<Kind, Vec<String>>,
    components: &Catalog,
    taxonomies: &[Taxonomy],
) -> Value {
    let mut root = match kind {
        Some(kind) => kind_schema(kind, ids),
        None => {
            let definitions: serde_json::Map<String, Value> = KINDS
                .iter()
                .map(|k| (k.token().to_string(), kind_schema(*k, ids)))
                .collect();
            let any_of: Vec<Value> = KINDS
                .iter()
                .map(|k| json!({ "$ref": format!("#/definitions/{}", k.token()) }))
                .collect();
            json!({ "anyOf": any_of, "definitions": definitions })
        }
    };
    for k in KINDS.iter().filter(|k| kind.is_none_or(|only| only == **k)) {
        let properties = match kind {
            Some(_) => root.get_mut("properties"),
            None => root
                .get_mut("definitions")
                .and_then(|d| d.get_mut(k.token()))
                .and_then(|d| d.get_mut("properties")),
        };
        if let Some(Value::Object(properties)) = properties {
            for t in taxonomies.iter().filter(|t| t.kinds.contains(k)) {
                properties.insert(t.name.clone(), taxonomy_schema(t));
            }
        }
    }
    if let Value::Object(map) = &mut root {
        map.insert(
            "$schema".into(),
            json!("http://json-schema.org/draft-07/schema#"),
        );
        map.insert(
            "title".into(),
            json!(match kind {
                Some(k) => format!("verteller front matter: {}", k.token()),
                None => "verteller front matter".to_string(),
            }),
        );
        map.insert(
            COMPONENTS_KEYWORD.into(),
            components
                .all()
                .map(|spec| (spec.name.to_string(), component_schema(spec)))
                .collect::<serde_json::Map<String, Value>>()
                .into(),
        );
    }
    root
}

/// One of the site's own taxonomies (`[[taxonomies]]`): a value or a list of them, its
/// declared values as an enum.
fn taxonomy_schema(t: &Taxonomy) -> Value {
    let item = match &t.values {
        Some(values) => json!({ "type": "string", "enum": values }),
        None => json!({ "type": "string" }),
    };
    json!({
        "description": format!("{} (eigen indeling uit site.toml)", t.label),
        "anyOf": [item.clone(), { "type": "array", "items": item }],
    })
}

/// The keyword under which the components are listed.
pub const COMPONENTS_KEYWORD: &str = "x-verteller-components";

/// One component: the schema of its arguments, with how it is written (`x-form`).
fn component_schema(spec: &Spec) -> Value {
    let properties: serde_json::Map<String, Value> = spec
        .args
        .iter()
        .map(|a| {
            let mut property = match a.ty {
                ArgType::Text | ArgType::Link => json!({ "type": "string" }),
                ArgType::Bool => json!({ "type": "boolean" }),
                ArgType::Number => json!({ "type": "number" }),
                ArgType::Token(tokens) => json!({ "type": "string", "enum": tokens }),
                ArgType::File(kind) if kind.extensions().is_empty() => json!({ "type": "string" }),
                ArgType::File(kind) => json!({
                    "type": "string",
                    "pattern": format!("(?i)\\.({})$", kind.extensions().join("|")),
                }),
            };
            if let Value::Object(map) = &mut property {
                map.insert("x-type".into(), json!(a.ty.token()));
                if !a.meaning.is_empty() {
                    map.insert("description".into(), json!(a.meaning));
                }
                if let Some(default) = a.default {
                    map.insert("default".into(), json!(default));
                }
            }
            (a.name.to_string(), property)
        })
        .collect();
    let required: Vec<&str> = spec
        .args
        .iter()
        .filter(|a| a.required)
        .map(|a| &*a.name)
        .collect();
    let mut schema = json!({
        "type": "object",
        "x-form": spec.form.token(),
        "x-template": spec.template(),
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    });
    if let (Value::Object(map), false) = (&mut schema, spec.meaning.is_empty()) {
        map.insert("description".into(), json!(spec.meaning));
    }
    schema
}

fn kind_schema(kind: Kind, ids: &BTreeMap<Kind, Vec<String>>) -> Value {
    let fields = spec(kind);
    let properties: serde_json::Map<String, Value> = fields
        .iter()
        .map(|f| {
            let mut property = field_schema(f.ty, ids);
            if let (Value::Object(map), Some(text)) = (&mut property, description(f.name)) {
                map.insert("description".into(), json!(text));
            }
            (f.name.to_string(), property)
        })
        .collect();
    let required: Vec<&str> = fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.name)
        .collect();
    json!({
        "type": "object",
        "description": kind.name().text(crate::messages::Lang::Nl),
        "additionalProperties": false,
        "required": required,
        "properties": properties,
    })
}

fn field_schema(ty: FieldType, ids: &BTreeMap<Kind, Vec<String>>) -> Value {
    let id = |kind: Kind| match ids.get(&kind) {
        Some(list) if !list.is_empty() => json!({ "type": "string", "enum": list }),
        _ => json!({ "type": "string" }),
    };
    let one_or_many =
        |item: Value| json!({ "anyOf": [item.clone(), { "type": "array", "items": item }] });
    match ty {
        FieldType::Text => json!({ "type": "string" }),
        FieldType::Bool => json!({ "type": "boolean" }),
        FieldType::Int => json!({ "type": "integer" }),
        FieldType::Date => json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" }),
        FieldType::TextList => one_or_many(json!({ "type": "string" })),
        FieldType::PathList => one_or_many(json!({ "type": "string", "pattern": "^/" })),
        FieldType::Id(kind) => id(kind),
        FieldType::IdList(kind) => one_or_many(id(kind)),
        FieldType::Status => json!({ "type": "string", "enum": Status::TOKENS }),
        FieldType::Axes => json!({
            "type": "object",
            "additionalProperties": false,
            "required": ["sturing", "richting"],
            "properties": {
                "sturing": { "type": "string", "enum": ["resultaat", "waarde"] },
                "richting": { "type": "string", "enum": ["binnen-buiten", "buiten-binnen"] },
            },
        }),
        FieldType::Extra => json!({ "type": "object" }),
    }
}

/// What a field means, for the editor's hover text (Dutch, like the editors).
fn description(name: &str) -> Option<&'static str> {
    Some(match name {
        "title" => "De titel (de kop van de pagina).",
        "summary" => "Korte samenvatting voor overzichten.",
        "description" => "Beschrijving voor zoekmachines; anders de samenvatting.",
        "draft" => "true: concept, wordt niet gepubliceerd.",
        "sample" => {
            "true: nog een voorbeeldtekst uit `verteller init`; build waarschuwt tot je het weghaalt."
        }
        "weight" => "Volgorde: lager komt eerst.",
        "aliases" => "Oude adressen die naar deze pagina doorsturen, zoals /oude-url/.",
        "publish_date" => "Eerste dag op de site, JJJJ-MM-DD (daarvoor niet gepubliceerd).",
        "expires" => "Eerste dag dat de tekst weg is van de site, JJJJ-MM-DD.",
        "extra" => "Eigen velden van de site voor haar sjablonen (worden niet gecontroleerd).",
        "date" => "Datum, JJJJ-MM-DD.",
        "updated" => "Datum van de laatste wijziging, JJJJ-MM-DD.",
        "authors" => "Schrijvers.",
        "themes" => "Agendathema's (id's).",
        "theme" => "Het agendathema (één id).",
        "quadrants" => "Sturingskwadranten (id's).",
        "roles" => "Rollen uit de uitvoeringsdriehoek: burger, uitvoerder, beleidmaker.",
        "related" => "Verwante verhalen (id's), voor de automatische.",
        "stories" => "Verhalen (id's).",
        "place" => "Wijk of plaats.",
        "image" => "Afbeelding uit static/, zoals /img/foto.jpg.",
        "image_alt" => "Wat er op de afbeelding staat; \"\" voor een sierafbeelding.",
        "status" => "voornemen, lopend of afgerond.",
        "owner" => "Wie is eigenaar.",
        "due" => "Wanneer klaar, JJJJ-MM-DD.",
        "axes" => {
            "Plaats in het 2×2: sturing (resultaat/waarde) en richting (binnen-buiten/buiten-binnen)."
        }
        "aka" => "Andere namen.",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_enums_and_required_fields_are_listed() {
        let mut ids = BTreeMap::new();
        ids.insert(Kind::AgendaTheme, vec!["een-overheid".to_string()]);
        let s = schema(Some(Kind::Agenda), &ids, &Catalog::default(), &[]);
        assert_eq!(s["properties"]["theme"]["enum"][0], "een-overheid");
        assert_eq!(s["required"], json!(["title", "theme"]));
        assert_eq!(s["additionalProperties"], false);
        let all = schema(None, &ids, &Catalog::default(), &[]);
        assert_eq!(all["anyOf"].as_array().unwrap().len(), 7);
    }

    #[test]
    fn components_are_listed_with_their_arguments() {
        let s = schema(None, &BTreeMap::new(), &Catalog::default(), &[]);
        let wijken = Taxonomy {
            name: "wijken".into(),
            label: "Wijken".into(),
            values: Some(vec!["Oost".into(), "West".into()]),
            kinds: vec![Kind::Story, Kind::Agenda],
            position: crate::diagnostics::Position::START,
        };
        let with = schema(
            None,
            &BTreeMap::new(),
            &Catalog::default(),
            std::slice::from_ref(&wijken),
        );
        let story = &with["definitions"]["story"]["properties"]["wijken"];
        assert_eq!(story["anyOf"][1]["items"]["enum"], json!(["Oost", "West"]));
        assert!(with["definitions"]["agenda"]["properties"]["wijken"].is_object());
        assert!(
            with["definitions"]["chapter"]["properties"]
                .get("wijken")
                .is_none()
        );
        let one = schema(
            Some(Kind::Story),
            &BTreeMap::new(),
            &Catalog::default(),
            &[wijken],
        );
        assert!(one["properties"]["wijken"].is_object());
        let video = &s[COMPONENTS_KEYWORD]["video"];
        assert_eq!(video["x-form"], "line");
        assert_eq!(video["required"], json!(["src", "captions", "title"]));
        assert_eq!(video["properties"]["captions"]["pattern"], "(?i)\\.(vtt)$");
        let callout = &s[COMPONENTS_KEYWORD]["callout"];
        assert_eq!(callout["properties"]["type"]["default"], "info");
        assert_eq!(callout["properties"]["type"]["enum"][2], "waarschuwing");
    }
}
