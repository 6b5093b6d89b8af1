"""Italian dates as Italian writes them ("26 marzo 2024, 09:30"), where no format is given (the
admin above all). Django's Italian formats capitalise month names ("Martedì 26 Marzo 2024"):
these use the alternative month names ("E"), which clusters_event/month_names.py writes in lower
case, and leave weekday names out."""

DATE_FORMAT = "j E Y"
DATETIME_FORMAT = "j E Y, H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j E"
YEAR_MONTH_FORMAT = "E Y"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1
