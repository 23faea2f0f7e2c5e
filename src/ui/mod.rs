//! The egui editor (feature `gui`). Sits on top of the pure core and never reaches below `model`, `io` and the
//! analysis layers it draws.
