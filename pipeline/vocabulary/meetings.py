"""Words of Danish meeting documents, as data. Keys and values are lower case.

Nothing here is a pattern: `pipeline/structure` and the parsers build their matchers from
these lists. Spellings are as published (with and without hyphen, with short forms).
"""

# The title word of a document -> doc_type. Minutes are 'referat' whatever the system calls them.
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "referat": (
        "referat", "åbent referat", "åben referat", "beslutningsprotokol", "beslutningsreferat",
        "mødereferat", "tillægsreferat", "protokol", "referat af møde", "mødeprotokol",
    ),
    "dagsorden": (
        "dagsorden", "åben dagsorden", "tillægsdagsorden", "ændret dagsorden", "mødeindkaldelse",
        "indkaldelse til møde",
    ),
    "sagsfremstilling": ("sagsfremstilling",),
    "notat": ("notat",),
}

# Field labels at the top of a document -> the field they name ('Mødested Multisalen', 'Dato:').
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "date": ("dato", "mødedato", "møde dato", "mødedag", "afholdt"),
    "time": ("tid", "tidspunkt", "mødetidspunkt", "mødetid", "starttidspunkt", "starttidspunkt for møde",
             "mødestart", "start", "kl"),
    "end_time": ("sluttidspunkt", "sluttidspunkt for møde", "mødeslut", "slut", "afsluttet"),
    "place": ("mødested", "sted", "lokale", "mødelokale", "mødelokation", "adresse"),
    "body": ("udvalg", "mødeforum", "forum", "organ", "råd", "møde"),
    "published": ("publiceret", "udsendelsesdato", "udsendt", "offentliggjort", "dato for offentliggørelse"),
}

# Date words that say a date is not the meeting's (a publication or print date).
NOT_MEETING_DATE_WORDS: tuple[str, ...] = (
    "publiceret", "udsendelsesdato", "udsendt", "offentliggjort", "printet", "udskrevet", "opdateret",
    "senest redigeret", "frist",
)

# Councils: any spelling -> the canonical body name.
COUNCILS: dict[str, str] = {
    "byrådet": "Byrådet", "byråd": "Byrådet", "byrådets": "Byrådet", "byrådet's": "Byrådet",
    "kommunalbestyrelsen": "Kommunalbestyrelsen", "kommunalbestyrelse": "Kommunalbestyrelsen",
    "kommunalbestyrelsens": "Kommunalbestyrelsen",
    "borgerrepræsentationen": "Borgerrepræsentationen", "borgerrepræsentationens": "Borgerrepræsentationen",
    "regionsrådet": "Regionsrådet", "regionsråd": "Regionsrådet", "regionsrådets": "Regionsrådet",
    "regionrådet": "Regionsrådet",
}
# A committee name ends in one of these ('Børne- og Ungeudvalget', 'Lokaludvalg', 'Ældrerådet').
COMMITTEE_ENDINGS: tuple[str, ...] = ("udvalget", "udvalg", "udvalgets", "rådet", "råd", "bestyrelsen", "forum")
# Words after which a committee name stops being a name ('Økonomiudvalget den 4. februar').
NAME_STOP_WORDS: tuple[str, ...] = ("den", "d.", "i", "på", "kl", "kl.", "-", "–", "|", "referat", "dagsorden")

# Issuer words in a letterhead: '<X> Kommune', 'Region <X>', 'KKR <X>', 'KL'.
REGIONS: tuple[str, ...] = (
    "Region Hovedstaden", "Region Sjælland", "Region Syddanmark", "Region Midtjylland", "Region Nordjylland",
    "Region Østdanmark",
)
KL_NAMES: tuple[str, ...] = ("KL", "Kommunernes Landsforening")

# Attendance headings -> (status, excused). status None: the list under it says per line.
ATTENDANCE_HEADINGS: dict[str, tuple[str | None, bool | None]] = {
    "medlemmer": ("present", None),
    "medlemmer af udvalget": ("present", None),
    "udvalgsmedlemmer": ("present", None),
    "mødedeltagere": ("present", None),
    "deltagere": ("present", None),
    "deltagerne var": ("present", None),
    "deltagerfortegnelse": ("present", None),
    "deltog": ("present", None),
    "til stede": ("present", None),
    "tilstede": ("present", None),
    "tilstede var": ("present", None),
    "til stede var": ("present", None),
    "til stede er": ("present", None),
    "fremmødte": ("present", None),
    "i mødet deltog": ("present", None),
    "til stede ved mødet": ("present", None),
    "tilstede ved mødet": ("present", None),
    "mødedeltagelse": (None, None),
    "ikke til stede": ("absent", None),
    "fraværende i mødet": ("absent", None),
    "fraværende ved mødet": ("absent", None),
    "fremmøde": (None, None),
    "fremmøde og inhabilitet": (None, None),
    "fraværende": ("absent", None),
    "fravær": ("absent", None),
    "fraværende med afbud": ("absent", True),
    "fraværende uden afbud": ("absent", False),
    "fraværende og stedfortræder": ("absent", None),
    "fraværende/stedfortræder": ("absent", None),
    "afbud": ("absent", True),
    "afbud fra": ("absent", True),
    "meldt afbud": ("absent", True),
    "forfald": ("absent", True),
    "afbud/fravær": ("absent", True),
    "stedfortræder": ("present", None),
    "stedfortrædere": ("present", None),
    "suppleanter": ("present", None),
    "suppleant": ("present", None),
}
# Headings of people who are there but are not members: their lists are not attendance.
NON_MEMBER_HEADINGS: tuple[str, ...] = (
    "fra administrationen", "fra administrationen deltog", "desuden deltog", "øvrige deltagere",
    "referent", "sekretær", "sekretariat", "administrationen", "embedsmænd", "gæster", "i øvrigt deltog",
    "fra forvaltningen deltog", "øvrige", "mødeleder", "ordstyrer",
)
# Lines that say 'nobody' after an attendance heading ('Fraværende: Ingen.').
NOBODY: tuple[str, ...] = ("ingen", "ingen fraværende", "ingen afbud", "alle", "alle mødt", "alle til stede", "-")

# Roles written before or after a name; they go to role_note, never into the name.
ROLES: tuple[str, ...] = (
    "formand", "formanden", "næstformand", "2. næstformand", "1. næstformand", "borgmester", "borgmesteren",
    "overborgmester", "viceborgmester", "1. viceborgmester", "2. viceborgmester", "rådmand", "observatør",
    "regionsrådsformand", "medlem", "byrådsmedlem", "kommunalbestyrelsesmedlem", "regionsrådsmedlem",
    "udvalgsformand", "rådmand", "suppleant", "stedfortræder", "sekretær", "kommunaldirektør",
    "vicepolitidirektør", "politidirektør", "direktør", "koncerndirektør", "afdelingschef",
)
# 'Løsgænger' (no party) and the like, written where a party would stand.
NO_PARTY_WORDS: tuple[str, ...] = ("løsgænger", "uden for partierne", "uden for parti", "upolitisk")

# Reasons after an absence ('pga. arbejde'): the start of the reason note.
ABSENCE_REASON_STARTS: tuple[str, ...] = (
    "pga.", "pga", "på grund af", "grundet", "grundet:", "grund:", "jf.", "(ferie", "(sygdom", "ferie", "sygdom",
    "barsel", "orlov", "arbejde",
)

# Section headings inside an agenda item.
ITEM_SECTIONS: tuple[str, ...] = (
    "resumé", "resume", "sagsfremstilling", "indstilling", "administrationens indstilling",
    "forvaltningens indstilling", "direktionens indstilling", "beslutning", "afgørelse", "bilag",
    "bilagsfortegnelse", "baggrund", "lovgrundlag", "økonomi", "økonomiske konsekvenser",
    "beslutningstema", "sagens kerne", "sagsgang", "høring", "kommunikation", "sagsbeskrivelse",
    "beslutningskompetence", "kompetence", "politisk behandling", "vurdering", "sagsforløb",
    "tidligere beslutninger", "historik", "bevilling", "personale", "miljøvurdering", "lovgivning",
    "sammenfatning", "formål", "indhold", "forslag", "anbefaling", "udvalgets beslutning",
    "sammenhæng til andre politikker/strategier og fagområder", "bemærkninger", "retsgrundlag",
    "indstillinger", "referat", "tidsplan", "forventet sagsgang", "sagsgang og sagstype", "sagstype",
    "behandling", "sagsbehandler", "initialer", "det videre forløb", "konsekvenser", "effektvurdering", "handicappolitik",
)
DECISION_SECTIONS: tuple[str, ...] = ("beslutning", "afgørelse", "udvalgets beslutning", "beslutninger")
RECOMMENDATION_SECTIONS: tuple[str, ...] = (
    "indstilling", "administrationens indstilling", "forvaltningens indstilling", "direktionens indstilling",
    "indstillinger",
)

# Labels of a case number ('Sagsnr.: 24/1234', 'Sagsid.: 18/3241'); 'Dok.nr.' is not one.
CASE_LABELS: tuple[str, ...] = (
    "sagsnr", "sagsnr.", "sags nr.", "sagsnummer", "sagnr", "sagnr.", "sags-nr", "sags-nr.", "sagsid", "sagsid.", "sags-id", "sags id",
    "journalnr", "journalnr.", "journalnummer", "j.nr.", "j. nr.", "jnr.", "acadre sagsnr.", "sag", "emnenr.",
)
NOT_CASE_LABELS: tuple[str, ...] = ("dok.nr.", "dok. nr.", "dokumentnr.", "dokumentnummer", "bilagsnr", "bilagsnr.")

# Words that open an item number ('Punkt 1', 'Pkt. 42', 'Sag nr. 129').
ITEM_NUMBER_WORDS: tuple[str, ...] = ("punkt", "pkt.", "pkt", "sag nr.", "sag nr", "dagsordenspunkt", "nr.", "nr")
# Access markers written in an item line; not part of the title.
ACCESS_MARKERS: tuple[str, ...] = ("(åben)", "(lukket)", "(åbent)", "(fortroligt)")
# Page furniture that scrapes glue onto titles ('EventueltKlik her for at folde ud …').
UI_PHRASES: tuple[str, ...] = (
    "klik her for at folde ud", "kopier link til punktet", "til toppen", "fold alle ud", "udskriv", "læs mere",
    "vis mere", "show video", "til indholdsfortegnelse",
)
# Lines that are the table of contents' heading.
TOC_HEADINGS: tuple[str, ...] = ("indholdsfortegnelse", "indhold", "dagsordenspunkter", "punkter på dagsordenen")

# Common Danish first names: where a flattened two-column list puts two people on one line
# ('Birgit Roswall Pia Foght'), the second person starts at a first name after a surname.
FIRST_NAMES: frozenset[str] = frozenset("""
aase adam agnete ahmed aksel albert alex alexander ali allan amalie amanda anders andreas ane anette anita
anja anna anne annette anni annie ansgar anton arne asger asta astrid aage bent benny berit bettina betina
birgit birgitte birte birthe bjarne bjørn bo bodil britt brian bruno camilla carina carl carsten casper
charlotte christian christina christine claus connie dan daniel david dennis ditte dorte dorthe ebbe edith
egon ejnar elin elisabeth ella ellen elo else emil emilie emma erik erling esben esther eva evan ferhat
finn flemming frank frede frederik freddy frida gerda gert gitte grethe gunnar gustav hakan hanne hans
harald heidi heino helen helga helle henning henny henriette henrik henry hilda holger ib ida inge inger
ingrid irene irma ivan jacob jakob jan jane janne jannich jannie jens jeppe jesper jette jimmy joachim johan
johanne johannes john jonas jonna jørgen jørn jytte kai kaj karen karin karina karl karsten kasper katrine
ken kenneth kent kim kirsten kjeld klaus knud kristian kristina kristine kurt lars lasse laura lea leif lena
lene leo lilly line linda lis lisa lisbeth liselotte lissie lone lotte louise lykke mads maja malene mai
maria marianne marie marlene martin mathias mette michael michala mikael mikkel mogens mona morten nadia
naja nanna natasja nick niels nikolaj nina ninna ole oliver orla ove palle pernille per peter pia poul
preben rasmus rene rené rikke rita robert rolf rune ruth ryan sanne sara sebastian selim signe simon sisse
sofie sonja stefan steen stig susan susanne svend søren thomas tina tine tobias tom tommy tonny torben
tove trine troels ture ulla ulrik ursula valdemar vagn vera vibeke viggo villads vivi winnie yvonne øjvind
ømer åse kristoffer otto egil fie gorm hanna hardy inger jørgen kamilla leif nis rolf tonny ursula dina
ejnar gunvor patrick cecilie jonas anker lærke birger christoffer eivind jes lene mai-britt ejler ditte
""".split())
