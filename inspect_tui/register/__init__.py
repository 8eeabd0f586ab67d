"""The council's register: facts derived from the store (the plan's execution, follow-up actions, the
annual report's figures). No rendering here: documents, the CLI and the screens present these facts."""
