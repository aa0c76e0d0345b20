//! Tooling that never runs on a request: demo data, bench data and the corpus it reads,
//! JSON Lines import/export, and (for tests) the fixtures.
//!
//! Compiled only with the `tooling` feature (the `jiedu` binary's CLI turns it on) and in
//! tests; fixtures only with `test-support` (dev-dependencies) and in tests. Nothing in
//! the request path (`repo`, `server_fns`, pages, the router) may use it: building the
//! app with `--features ssr` alone proves that.

pub mod bench_data;
pub mod corpus;
pub mod demo;
#[cfg(any(test, feature = "test-support"))]
pub mod fixtures;
pub mod transfer;
