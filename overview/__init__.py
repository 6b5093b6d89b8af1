"""Each edition's overview for its organisers: every figure of every app on one page."""
