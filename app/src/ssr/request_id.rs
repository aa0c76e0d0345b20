//! The id of the request being served, so that audit records can name the request that
//! made them (and a log line can be matched to an audit record).

tokio::task_local! {
    static REQUEST_ID: String;
}

/// Runs `future` with `id` as the current request id.
pub async fn scope<F: std::future::Future>(id: String, future: F) -> F::Output {
    REQUEST_ID.scope(id, future).await
}

/// The current request's id; none outside a request (the command line, tests).
pub fn current() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// A new request id: 16 random bytes, hex.
pub fn generate() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
