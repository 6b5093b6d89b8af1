"""What every app uses and no app owns: links, the page cache, pictures, QR codes, dates,
client addresses, log redaction and the site-wide views (health, language switch, errors)."""
