//! AWS CloudFormation and SAM templates (YAML or JSON).

mod yaml;
