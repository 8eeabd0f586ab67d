"""The council's register: follow-up actions, the plan, the annual report's facts (no rendering).

Reads the store and the domain; never the certificate, documents, screens or commands.
"""
