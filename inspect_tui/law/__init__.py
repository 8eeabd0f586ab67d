"""The Law's text: parser of the official text, the shipped consolidated text, lookups and reviews."""
