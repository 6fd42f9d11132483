"""Danish words the parsers recognise, kept as data (the way dateparser keeps its Danish words).

`meetings` holds the words of meeting documents (titles, field labels, bodies, attendance
headings and phrases, roles, item sections, case-number labels); `tables` the words of figure
tables. Month and weekday names come from dateparser's Danish translation data, so they are
not grown by hand here. Parsers compile their patterns from these lists; a new word is added
in one place.
"""
