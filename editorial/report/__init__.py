"""The editorial activity report: figures counted from the decision records, charts and exports."""
