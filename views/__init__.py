"""What people read: message texts and lines rendered from plain figures."""
