"""Inspection record assistant: cited answers from a council's Ofsted inspection record."""
