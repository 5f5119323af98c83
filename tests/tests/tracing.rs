//! The generated client's `tracing` spans. In a test binary of its own: `tracing` caches
//! whether a callsite is enabled when a thread first meets it, so a test on another thread
//! of the same binary, with no subscriber, could meet the span's callsites first and leave
//! them disabled for this one.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use feature_client::{Client, RetryPolicy};
use postman_codegen_tests::failing;
use wiremock::ResponseTemplate;

/// Backs off 1–5 ms.
fn fast() -> RetryPolicy {
    RetryPolicy::default().backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// What a `tracing` subscriber writes, for reading back.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tracing_has_one_span_per_operation_and_no_secrets() {
    let server = failing(ResponseTemplate::new(503), 1).await;
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let client = Client::new(&server.uri()).unwrap().with_retry_policy(fast()).with_token("s3cret-token");
    client.requests().search("query-value").await.unwrap();
    client.requests().traced().x_tenant("hidden-header-value").await.unwrap();
    client.auth().bearer_token().await.unwrap();
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        log.contains(r#"operation="search""#) && log.contains("method=GET") && log.contains(r#"path="/search""#),
        "{log}"
    );
    assert!(
        log.contains("attempt=1")
            && log.contains("status=503")
            && log.contains("attempt=2")
            && log.contains("status=200"),
        "{log}"
    );
    assert!(log.contains(r#"operation="bearer_token""#), "{log}");
    for secret in ["s3cret-token", "query-value", "hidden-header-value"] {
        assert!(!log.contains(secret), "{secret} in {log}");
    }
}
