//! Threagile communication links.
