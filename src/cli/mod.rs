//! The command line: `validate`, `catalog` (and later `check`, `blast`, `rules`). A shell over the library:
//! it parses options, calls the core, prints, and maps outcomes to exit codes (0 ok, 1 check failed, 2 unusable
//! input or usage).
