"""Letters and receipts in the sending organisation's identity, kept on the file (issue 19)."""
