//! Code shared by integration tests; each test file that needs it says `mod support;`.

pub mod generate;
