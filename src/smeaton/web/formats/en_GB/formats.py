# Formats for what Django renders itself (forms, the admin); Smeaton's pages use the
# functions in smeaton.web.formats, which write "2:05pm" as GOV.UK does.
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = r"j F Y \a\t H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = r"j M Y \a\t H:i"
TIME_FORMAT = "H:i"
