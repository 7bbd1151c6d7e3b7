"""Scoring: text normalisation, trained models behind one interface, and the decision policy."""
