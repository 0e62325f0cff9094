//! The only requests preflight ever sends: fixed read-only lookups (an HTTP `GET`, or a POST
//! carrying a GraphQL `query` compiled into the binary), under the run's deadline, with a bounded
//! answer. Errors say what went wrong in words, never with a token or an answer's body.

use std::time::{Duration, Instant};

use serde_json::Value;

/// Answers larger than this are not read.
pub const MAX_BODY: u64 = 1 << 20;

/// A request: a `GET` of a URL, or a GraphQL query document (checked to be a `query` before it
/// is sent).
pub enum Request {
    Get {
        url: String,
    },
    Query {
        url: String,
        document: &'static str,
        variables: Value,
    },
}

impl Request {
    pub fn url(&self) -> &str {
        match self {
            Request::Get { url } | Request::Query { url, .. } => url,
        }
    }
}

/// Whether a GraphQL document is one read-only operation: it parses, and every operation in it
/// is a `query` (no mutation, no subscription).
pub fn is_read_only_query(document: &str) -> bool {
    use graphql_parser::query::{Definition, OperationDefinition};
    let Ok(doc) = graphql_parser::parse_query::<String>(document) else {
        return false;
    };
    let mut ops = 0;
    for d in &doc.definitions {
        match d {
            Definition::Operation(OperationDefinition::Query(_) | OperationDefinition::SelectionSet(_)) => ops += 1,
            Definition::Operation(_) => return false,
            Definition::Fragment(_) => {}
        }
    }
    ops == 1
}

/// A blocking client with no proxy, no redirects and no cookies.
pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .proxy(None)
            .user_agent(concat!("preflight/", env!("CARGO_PKG_VERSION"), " (read-only lookup)"))
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// Sends `req` with `headers`, to be answered before `deadline`; the answer's JSON.
    pub fn send(&self, req: &Request, headers: &[(&str, String)], deadline: Instant) -> Result<Value, String> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left < Duration::from_millis(5) {
            return Err("the lookup deadline had passed".into());
        }
        let result = match req {
            Request::Get { url } => {
                let mut r = self.agent.get(url.as_str());
                for (k, v) in headers {
                    r = r.header(*k, v.as_str());
                }
                r.config().timeout_global(Some(left)).build().call()
            }
            Request::Query {
                url,
                document,
                variables,
            } => {
                // the guarantee: nothing but a query leaves this function
                if !is_read_only_query(document) {
                    return Err("refused to send a GraphQL document that is not a single query".into());
                }
                let body = serde_json::json!({"query": document, "variables": variables}).to_string();
                let mut r = self.agent.post(url.as_str()).header("Content-Type", "application/json");
                for (k, v) in headers {
                    r = r.header(*k, v.as_str());
                }
                r.config().timeout_global(Some(left)).build().send(body.as_bytes())
            }
        };
        let mut resp = result.map_err(|e| describe(&e, left))?;
        let status = resp.status().as_u16();
        let bytes = resp
            .body_mut()
            .with_config()
            .limit(MAX_BODY)
            .read_to_vec()
            .map_err(|e| match e {
                ureq::Error::BodyExceedsLimit(_) => format!("it answered more than {} bytes", MAX_BODY),
                other => describe(&other, left),
            })?;
        if status == 404 {
            return Err("not found (HTTP 404)".into());
        }
        if status == 401 || status == 403 {
            return Err(format!("the token was refused (HTTP {status})"));
        }
        if !(200..300).contains(&status) {
            return Err(format!("it answered HTTP {status}"));
        }
        serde_json::from_slice(&bytes).map_err(|_| "it answered something that is not JSON".to_owned())
    }
}

impl Default for Client {
    fn default() -> Self {
        Client::new()
    }
}

fn describe(e: &ureq::Error, left: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no answer within the {} ms left of the deadline", left.as_millis()),
        ureq::Error::Io(io)
            if io.kind() == std::io::ErrorKind::TimedOut || io.kind() == std::io::ErrorKind::WouldBlock =>
        {
            format!("no answer within the {} ms left of the deadline", left.as_millis())
        }
        ureq::Error::Io(io) => format!("it could not be reached ({})", io.kind()),
        ureq::Error::HostNotFound => "its host name does not resolve".into(),
        ureq::Error::ConnectionFailed => "it could not be reached".into(),
        ureq::Error::Tls(_) => "its TLS connection failed".into(),
        _ => "the request failed".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_queries() {
        assert!(is_read_only_query("query { me { id } }"));
        assert!(is_read_only_query("{ me { id } }"));
        assert!(is_read_only_query(
            "query Q($a: String!) { project(id: $a) { id } } fragment F on X { y }"
        ));
        assert!(!is_read_only_query("mutation { volumeDelete(volumeId: \"x\") }"));
        assert!(!is_read_only_query("query { a } mutation { b }"));
        assert!(!is_read_only_query("subscription { a }"));
        assert!(!is_read_only_query("query { a } query { b }"));
        assert!(!is_read_only_query("not graphql"));
    }
}
