"""Outgoing email for every app: one outbox table, a registry of email kinds, the sending task.

Below every domain app: it knows no edition, registration or speaker. Each email is a row that
names its kind, whose it is (any model instance, through the content types framework) and,
where it matters, its purpose: one person gets one email per purpose. The kind, declared by the
app that sends it, decides the recipient and the words when the worker sends it.
"""
