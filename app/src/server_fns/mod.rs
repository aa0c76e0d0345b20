//! Server functions: thin entry points that authorise, parse, make one repository
//! call and return DTOs. Pages call them; so can the browser, over HTTP.

pub mod policies;
