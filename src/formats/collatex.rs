//! CollateX JSON input: `{"witnesses": [{"id": "A", "content": "…"}, …]}` (plain) or
//! `{"witnesses": [{"id": "A", "tokens": [{"t": "…", "n": "…", …}, …]}, …]}` (pre-tokenized;
//! `n` is the comparison form, every other property is kept and echoed in JSON output).

use serde_json::{Map, Value};

use super::FormatError;
use crate::collate::{Content, GivenToken, WitnessInput};

/// Read CollateX JSON input from `text`; `path` names the source in errors.
pub fn parse(text: &str, path: &str) -> Result<Vec<WitnessInput>, FormatError> {
    let bad = |message: String| FormatError::Invalid {
        path: path.to_string(),
        message,
    };
    let doc: Value = serde_json::from_str(text).map_err(|e| bad(format!("not valid JSON: {e}")))?;
    let wits = doc
        .get("witnesses")
        .and_then(Value::as_array)
        .ok_or_else(|| bad("expected an object with a \"witnesses\" array".into()))?;
    let mut out = Vec::with_capacity(wits.len());
    let mut ids = std::collections::HashMap::new();
    for (i, w) in wits.iter().enumerate() {
        let id = w
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| bad(format!("witness {}: missing string \"id\"", i + 1)))?;
        // An id names a witness's row and column in every output: two witnesses with one id
        // would be told apart only by a renaming the user never asked for.
        if let Some(&k) = ids.get(id) {
            return Err(bad(format!(
                "witness {}: id {id:?} is already the id of witness {}; ids must be unique",
                i + 1,
                k + 1
            )));
        }
        ids.insert(id, i);
        let content = if let Some(c) = w.get("content") {
            let c = c
                .as_str()
                .ok_or_else(|| bad(format!("witness {id}: \"content\" must be a string")))?;
            Content::Text(c.to_string())
        } else if let Some(toks) = w.get("tokens") {
            let toks = toks
                .as_array()
                .ok_or_else(|| bad(format!("witness {id}: \"tokens\" must be an array")))?;
            let mut given = Vec::with_capacity(toks.len());
            for (k, t) in toks.iter().enumerate() {
                let obj: &Map<String, Value> = t.as_object().ok_or_else(|| {
                    bad(format!("witness {id}, token {}: expected an object", k + 1))
                })?;
                let tt = obj.get("t").and_then(Value::as_str).ok_or_else(|| {
                    bad(format!(
                        "witness {id}, token {}: missing string \"t\"",
                        k + 1
                    ))
                })?;
                let n = match obj.get("n") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(_) => {
                        return Err(bad(format!(
                            "witness {id}, token {}: \"n\" must be a string",
                            k + 1
                        )));
                    }
                };
                given.push(GivenToken {
                    t: tt.to_string(),
                    n,
                    raw: obj.clone(),
                });
            }
            Content::Tokens(given)
        } else {
            return Err(bad(format!(
                "witness {id}: expected \"content\" or \"tokens\""
            )));
        };
        out.push(WitnessInput {
            siglum: id.to_string(),
            label: id.to_string(),
            content,
            markup: None,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_and_tokens() {
        let w = parse(
            r#"{"witnesses":[{"id":"A","content":"A black cat."},
               {"id":"B","tokens":[{"t":"A ","n":"a","page":3},{"t":"white"}]}]}"#,
            "x.json",
        )
        .unwrap();
        assert_eq!(w.len(), 2);
        assert!(matches!(&w[0].content, Content::Text(t) if t == "A black cat."));
        let Content::Tokens(t) = &w[1].content else {
            panic!()
        };
        assert_eq!(t[0].n.as_deref(), Some("a"));
        assert_eq!(t[0].raw["page"], 3);
        assert_eq!(t[1].n, None);
    }

    #[test]
    fn errors_name_the_place() {
        let e = parse(r#"{"witnesses":[{"id":"A"}]}"#, "x.json").unwrap_err();
        assert!(e.to_string().contains("x.json: witness A"));
        assert!(
            parse("[", "y.json")
                .unwrap_err()
                .to_string()
                .starts_with("y.json")
        );
    }
}
