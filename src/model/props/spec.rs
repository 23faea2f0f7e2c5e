//! What the registry says about one property, flow attribute or link: its label, one line of help, and the shape
//! of its value ([`ValueType`]), with the syntax of text values ([`Syntax`]) checked in one place.
//!
//! Everything here is plain data, so the validator, the documentation tables, the test generator and the editor's
//! inspector all read the same description.

use crate::model::id::Id;
use crate::model::props::values::PatchStatus;

/// The syntax a text value must follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Syntax {
    /// Any text that is not blank.
    Word,
    /// A version such as `1.31` or `v1.30.4-eks-a737599`, or a status (`current`, `outdated`, `unknown`) for
    /// users who only know that much.
    VersionOrStatus,
    /// A container-runtime version such as `1.7.27` or `containerd://1.7.27`, or a status.
    RuntimeVersionOrStatus,
    /// A language runtime, base image or engine version such as `python3.12` or `postgres16.4`: no white space.
    Runtime,
    /// An IPv4 CIDR such as `203.0.113.0/24`.
    Cidr,
    /// An IAM action: `service:Action` (with `*` and `?` in the name), `service:*` or `*`.
    IamAction,
    /// An element id, an ARN of a resource that is not drawn, or `*` for every resource.
    ResourceRef,
    /// A database engine version such as `16.4`, `11.22-rds.20241121` or `5.7.mysql_aurora.2.11.2` (a number
    /// first, no spaces), or a status.
    EngineVersionOrStatus,
    /// A web origin (`https://shop.example.com`), or `*` for every origin.
    Origin,
    /// The name of an AWS managed policy in the bundled table.
    ManagedPolicy,
    /// The name of an AWS SAM policy template in the bundled table.
    PolicyTemplate,
}

impl Syntax {
    /// An example value, for help texts and generated documentation.
    pub fn example(self) -> &'static str {
        match self {
            Self::Word => "text",
            Self::VersionOrStatus => "1.31",
            Self::RuntimeVersionOrStatus => "1.7.27",
            Self::Runtime => "python3.12",
            Self::Cidr => "203.0.113.0/24",
            Self::IamAction => "s3:GetObject",
            Self::ResourceRef => "orders-db",
            Self::EngineVersionOrStatus => "16.4",
            Self::Origin => "https://shop.example.com",
            Self::ManagedPolicy => "AWSLambdaBasicExecutionRole",
            Self::PolicyTemplate => "DynamoDBCrudPolicy",
        }
    }

    /// Checks `text`; the error says what is wrong and what would be right.
    pub fn check(self, text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            return Err("must not be empty (leave it out instead)".to_owned());
        }
        match self {
            Self::Word => Ok(()),
            Self::VersionOrStatus => check_version_or_status(text, false),
            Self::RuntimeVersionOrStatus => check_version_or_status(text, true),
            Self::Runtime => match text.chars().find(|c| c.is_whitespace() || c.is_control()) {
                Some(_) => Err(format!("\"{}\" is not a runtime name such as python3.12 (no spaces)", text.trim())),
                None => Ok(()),
            },
            Self::Cidr => check_cidr(text),
            Self::IamAction => {
                if text == "*" || is_action(text) {
                    Ok(())
                } else {
                    Err(format!("\"{text}\" is not an IAM action (service:Action, service:*, or *)"))
                }
            }
            Self::ResourceRef => {
                if text == "*" {
                    return Ok(());
                }
                if text.starts_with("arn:") {
                    return check_arn(text);
                }
                Id::new(text).map(|_| ())
            }
            Self::EngineVersionOrStatus => {
                let bare = text.trim();
                let bare = bare.strip_prefix(['v', 'V']).unwrap_or(bare);
                if status_of(text).is_some()
                    || (bare.starts_with(|c: char| c.is_ascii_digit()) && !bare.contains(char::is_whitespace))
                {
                    Ok(())
                } else {
                    Err(format!(
                        "\"{}\" is not an engine version such as 16.4, nor current, outdated or unknown",
                        text.trim()
                    ))
                }
            }
            Self::Origin => {
                let scheme = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
                match scheme {
                    _ if text == "*" => Ok(()),
                    Some(host) if !host.is_empty() && !host.contains(['/', ' ']) => Ok(()),
                    _ => Err(format!(
                        "\"{text}\" is not an origin such as https://shop.example.com (or * for every origin)"
                    )),
                }
            }
            Self::ManagedPolicy => known(text, super::names::MANAGED_POLICIES, "AWS managed policy"),
            Self::PolicyTemplate => known(text, super::names::POLICY_TEMPLATES, "SAM policy template"),
        }
    }
}

/// A status written in place of a version (`outdated`), if `text` is one.
pub fn status_of(text: &str) -> Option<PatchStatus> {
    use crate::model::named::Named as _;
    PatchStatus::parse(text.trim())
}

fn check_version_or_status(text: &str, runtime: bool) -> Result<(), String> {
    if status_of(text).is_some() {
        return Ok(());
    }
    let trimmed = text.trim();
    let bare = if runtime {
        match trimmed.split_once("://") {
            Some((scheme, rest))
                if !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') =>
            {
                rest
            }
            Some(_) => trimmed,
            None => trimmed.strip_prefix("containerd").map_or(trimmed, str::trim_start),
        }
    } else {
        trimmed
    };
    let bare = bare.strip_prefix(['v', 'V']).unwrap_or(bare);
    let numeric = bare.split(['-', '+']).next().unwrap_or_default();
    let parts: Vec<&str> = numeric.split('.').collect();
    let well_formed = (1..=4).contains(&parts.len())
        && parts.iter().all(|part| !part.is_empty() && part.len() <= 9 && part.bytes().all(|b| b.is_ascii_digit()))
        && !bare.chars().any(char::is_whitespace);
    if well_formed {
        Ok(())
    } else {
        let example = if runtime { "1.7.27" } else { "1.31" };
        Err(format!("\"{trimmed}\" is not a version such as {example}, nor current, outdated or unknown"))
    }
}

/// `service:Action` with wildcards in the action name.
pub fn is_action(action: &str) -> bool {
    let Some((service, name)) = action.split_once(':') else {
        return false;
    };
    !service.is_empty()
        && service.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '*' || c == '?')
}

/// `arn:partition:service:region:account:resource`: six parts, a partition and a service.
fn check_arn(text: &str) -> Result<(), String> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    match parts.as_slice() {
        ["arn", partition, service, _, _, resource]
            if !partition.is_empty() && !service.is_empty() && !resource.is_empty() =>
        {
            Ok(())
        }
        _ => Err(format!("\"{text}\" is not an ARN (arn:partition:service:region:account:resource)")),
    }
}

/// A name from one of the bundled tables, with the closest one suggested.
fn known(text: &str, names: &[&str], what: &str) -> Result<(), String> {
    if names.contains(&text) {
        return Ok(());
    }
    let closest = names.iter().max_by(|a, b| {
        strsim::jaro_winkler(a, text).partial_cmp(&strsim::jaro_winkler(b, text)).unwrap_or(std::cmp::Ordering::Equal)
    });
    match closest {
        Some(name) if strsim::jaro_winkler(name, text) > 0.8 => {
            Err(format!("unknown {what} \"{text}\" (did you mean \"{name}\"?)"))
        }
        _ => Err(format!("unknown {what} \"{text}\" (the bundled table has {})", names.join(", "))),
    }
}

fn check_cidr(text: &str) -> Result<(), String> {
    let bad = || format!("\"{text}\" is not an IPv4 CIDR such as 203.0.113.0/24");
    let (address, bits) = text.split_once('/').ok_or_else(bad)?;
    let bits: u8 = bits.parse().map_err(|_| bad())?;
    let octets: Vec<&str> = address.split('.').collect();
    if bits > 32 || octets.len() != 4 || octets.iter().any(|o| o.parse::<u8>().is_err()) {
        return Err(bad());
    }
    Ok(())
}

/// The shape of a value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueType {
    /// `true` or `false`.
    Bool,
    /// A whole number in a range.
    Integer {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// One of these spellings.
    Choice(&'static [&'static str]),
    /// A list of distinct choices (sorted on save).
    ChoiceList(&'static [&'static str]),
    /// Text of this syntax.
    Text(Syntax),
    /// A list of texts of this syntax.
    TextList(Syntax),
    /// An element id of one of these kinds (any kind when empty).
    Reference(&'static [&'static str]),
    /// A list of element ids.
    ReferenceList(&'static [&'static str]),
    /// An object with these fields.
    Object(&'static [Field]),
    /// A list of objects with these fields.
    ObjectList(&'static [Field]),
}

impl ValueType {
    /// How the type reads in documentation and tooltips, e.g. `` `public` \| `private` `` or `bool`.
    pub fn describe(self) -> String {
        let choices = |spellings: &[&str]| spellings.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" | ");
        match self {
            Self::Bool => "bool".to_owned(),
            Self::Integer { min, max } => format!("integer {min}..{max}"),
            Self::Choice(spellings) => choices(spellings),
            Self::ChoiceList(spellings) => format!("list of {}", choices(spellings)),
            Self::Text(Syntax::Word) => "string".to_owned(),
            Self::Text(syntax) => format!("string, e.g. `\"{}\"`", syntax.example()),
            Self::TextList(syntax) => format!("list of strings, e.g. `[\"{}\"]`", syntax.example()),
            Self::Reference(_) => "element id".to_owned(),
            Self::ReferenceList(_) => "list of element ids".to_owned(),
            Self::Object(fields) => format!("object {}", shape(fields)),
            Self::ObjectList(fields) => format!("list of objects {}", shape(fields)),
        }
    }
}

impl ValueType {
    /// A valid example value of this shape, as written in files (objects with every field).
    pub fn example(self) -> serde_json::Value {
        use serde_json::Value as V;
        match self {
            Self::Bool => V::Bool(true),
            Self::Integer { min, .. } => V::from(min),
            Self::Choice(spellings) => spellings.first().map_or(V::Null, |s| V::from(*s)),
            Self::ChoiceList(spellings) => V::Array(spellings.iter().take(1).map(|s| V::from(*s)).collect()),
            Self::Text(syntax) => V::from(syntax.example()),
            Self::TextList(syntax) => V::Array(vec![V::from(syntax.example())]),
            Self::Reference(_) => V::from("orders-db"),
            Self::ReferenceList(_) => V::Array(vec![V::from("orders-db")]),
            Self::Object(fields) => {
                // Inserted one by one: `collect()` into the map would sort first (one more sort in the wasm).
                let mut object = serde_json::Map::new();
                object.extend(fields.iter().map(|field| (field.name.to_owned(), field.value.example())));
                V::Object(object)
            }
            Self::ObjectList(fields) => V::Array(vec![Self::Object(fields).example()]),
        }
    }
}

fn shape(fields: &[Field]) -> String {
    let inner: Vec<String> =
        fields.iter().map(|field| format!("{}{}", field.name, if field.required { "" } else { "?" })).collect();
    format!("`{{{}}}`", inner.join(", "))
}

/// One field of an object value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Field {
    /// JSON name.
    pub name: &'static str,
    /// One line of help.
    pub help: &'static str,
    /// Its value.
    pub value: &'static ValueType,
    /// Whether the object needs it.
    pub required: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_and_statuses_are_accepted_and_nonsense_is_refused() {
        for good in ["1.31", "v1.30.4-eks-a737599", "1.7.22-1.amzn2", "outdated", "current", " unknown "] {
            assert_eq!(Syntax::VersionOrStatus.check(good), Ok(()), "{good}");
        }
        for good in ["1.7.27", "containerd://1.7.27", "containerd 1.6.0", "docker://20.10.7", "outdated"] {
            assert_eq!(Syntax::RuntimeVersionOrStatus.check(good), Ok(()), "{good}");
        }
        for bad in ["old", "latest", "1..2", "1.x", "", "  ", "1.31 beta", "+1.2"] {
            assert!(Syntax::VersionOrStatus.check(bad).is_err(), "{bad}");
        }
        assert!(Syntax::RuntimeVersionOrStatus.check("containerd://newest").is_err());
    }

    #[test]
    fn other_syntaxes() {
        assert!(Syntax::Cidr.check("10.0.0.0/8").is_ok());
        assert!(Syntax::Cidr.check("10.0.0.0/33").is_err());
        assert!(Syntax::IamAction.check("s3:Get*").is_ok());
        assert!(Syntax::IamAction.check("s3").is_err());
        assert!(Syntax::Runtime.check("python3.12").is_ok());
        assert!(Syntax::Runtime.check("python 3").is_err());
        assert!(Syntax::ResourceRef.check("*").is_ok());
        assert!(Syntax::ResourceRef.check("arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/x").is_ok());
        assert!(Syntax::ResourceRef.check("arn:aws:s3").unwrap_err().contains("ARN"));
        assert!(Syntax::EngineVersionOrStatus.check("5.7.mysql_aurora.2.11.2").is_ok());
        assert!(Syntax::EngineVersionOrStatus.check("outdated").is_ok());
        assert!(Syntax::EngineVersionOrStatus.check("latest").is_err());
        assert!(Syntax::Origin.check("*").is_ok());
        assert!(Syntax::Origin.check("https://shop.example.com").is_ok());
        assert!(Syntax::Origin.check("shop.example.com").is_err());
        assert!(Syntax::ManagedPolicy.check("AWSLambdaBasicExecutionRole").is_ok());
        assert!(Syntax::ManagedPolicy.check("AWSLambdaBasicExecRole").unwrap_err().contains("did you mean"));
        assert!(Syntax::PolicyTemplate.check("DynamoDBCrudPolicy").is_ok());
        assert_eq!(status_of(" outdated"), Some(PatchStatus::Outdated));
    }

    #[test]
    fn types_describe_themselves() {
        assert_eq!(ValueType::Choice(&["a", "b"]).describe(), "`a` | `b`");
        static HOPS: ValueType = ValueType::Integer { min: 1, max: 64 };
        static FIELDS: [Field; 1] = [Field { name: "hop_limit", help: "", value: &HOPS, required: false }];
        assert_eq!(ValueType::Object(&FIELDS).describe(), "object `{hop_limit?}`");
    }
}
