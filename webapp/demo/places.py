"""Where the demo happens: per country, real cities with their real coordinates, and invented
street names, company and person names and job titles in the local language.

Word lists are written as one comma-separated string each, to keep the tables readable.
"""


def _words(text):
    """The items of a comma-separated list."""
    return [word.strip() for word in text.split(",")]


COUNTRIES = {
    "NO": {
        "cities": [
            ("Oslo", 59.9139, 10.7522),
            ("Bergen", 60.3913, 5.3221),
            ("Trondheim", 63.4305, 10.3951),
            ("Stavanger", 58.9700, 5.7331),
            ("Drammen", 59.7439, 10.2045),
            ("Kristiansand", 58.1599, 8.0182),
            ("Fredrikstad", 59.2181, 10.9298),
            ("Hamar", 60.7945, 11.0680),
            ("Ålesund", 62.4722, 6.1495),
            ("Tønsberg", 59.2675, 10.4076),
            ("Gjøvik", 60.7957, 10.6916),
            ("Bodø", 67.2804, 14.4049),
        ],
        "streets": _words(
            "Industriveien, Storgata, Verkstedveien, Havnegata, Strandveien, Næringsveien, "
            "Fjordveien, Brugata, Sagveien, Løkkeveien"
        ),
        "companies": ["{surname} {trade} AS"],
        "trades": _words(
            "Rør, Bygg, Elektro, Mekaniske Verksted, Maskin, Transport, Ventilasjon, "
            "Kjøleteknikk, Trelast, Sveis, Industri"
        ),
        "male": _words(
            "Ola, Per, Knut, Erik, Håkon, Sindre, Bjørn, Geir, Trond, Magnus, Eivind, Stian"
        ),
        "female": _words(
            "Kari, Ingrid, Hilde, Silje, Marit, Ragnhild, Tone, Solveig, Nina, Guro, Åse, Linn"
        ),
        "surnames": _words(
            "Hansen, Johansen, Olsen, Larsen, Andersen, Pedersen, Nilsen, Kristiansen, Berg, "
            "Bakken, Hagen, Eriksen, Lunde, Strand, Moe, Dahl, Sæther, Aasen, Solberg, Bråten"
        ),
        "titles": _words(
            "Daglig leder, Innkjøpssjef, Innkjøper, Driftsleder, Verkstedsleder, "
            "Prosjektleder, Økonomisjef, Lagerleder"
        ),
    },
    "SE": {
        "cities": [
            ("Stockholm", 59.3293, 18.0686),
            ("Göteborg", 57.7089, 11.9746),
            ("Malmö", 55.6050, 13.0038),
            ("Uppsala", 59.8586, 17.6389),
            ("Västerås", 59.6099, 16.5448),
            ("Örebro", 59.2753, 15.2134),
            ("Linköping", 58.4108, 15.6214),
            ("Jönköping", 57.7826, 14.1618),
            ("Norrköping", 58.5877, 16.1924),
            ("Gävle", 60.6749, 17.1413),
            ("Karlstad", 59.4022, 13.5115),
            ("Sundsvall", 62.3908, 17.3069),
        ],
        "streets": _words(
            "Industrigatan, Storgatan, Verkstadsgatan, Hamngatan, Lagergatan, Fabriksgatan, "
            "Järnvägsgatan, Sjövägen, Smedjegatan, Kvarngatan"
        ),
        "companies": ["{surname} {trade} AB"],
        "trades": _words(
            "Bygg, Rör, El, Mekaniska Verkstad, Maskin, Plåt, Kyl & Värme, Trä, Entreprenad, "
            "Svets, Industri"
        ),
        "male": _words(
            "Anders, Lars, Mikael, Johan, Per, Magnus, Fredrik, Björn, Stefan, Olof, Göran, Henrik"
        ),
        "female": _words(
            "Anna, Eva, Karin, Maria, Sara, Linnea, Ulla, Ingela, Malin, Åsa, Lena, Elin"
        ),
        "surnames": _words(
            "Andersson, Johansson, Karlsson, Nilsson, Eriksson, Larsson, Olsson, Persson, "
            "Svensson, Gustafsson, Lindberg, Sjöberg, Holmgren, Bergström, Nyström, Ekström, "
            "Forsberg, Åberg"
        ),
        "titles": _words(
            "VD, Inköpschef, Inköpare, Driftschef, Verkstadschef, Projektledare, Ekonomichef, "
            "Lagerchef"
        ),
    },
    "FI": {
        "cities": [
            ("Helsinki", 60.1699, 24.9384),
            ("Tampere", 61.4978, 23.7610),
            ("Turku", 60.4518, 22.2666),
            ("Oulu", 65.0121, 25.4651),
            ("Jyväskylä", 62.2426, 25.7473),
            ("Lahti", 60.9827, 25.6612),
            ("Kuopio", 62.8924, 27.6770),
            ("Vaasa", 63.0951, 21.6165),
            ("Pori", 61.4851, 21.7974),
        ],
        "streets": _words(
            "Teollisuustie, Satamakatu, Tehtaankatu, Konepajankatu, Rantatie, Kauppakatu, "
            "Varastokatu, Sahatie, Myllykatu, Pajatie"
        ),
        # Finnish puts the trade first: "Konepaja Virtanen Oy", not "Virtanen Konepaja Oy".
        "companies": ["{trade} {surname} Oy"],
        "trades": _words(
            "Konepaja, Rakennus, Sähkö, Putki, Metalli, Kuljetus, LVI, Puutyö, Hitsaus, Teollisuus"
        ),
        "male": _words(
            "Mikko, Jari, Juha, Timo, Antti, Pekka, Janne, Ville, Matti, Sami, Jukka, Tuomas"
        ),
        "female": _words(
            "Anna, Tiina, Sari, Minna, Laura, Johanna, Satu, Riikka, Päivi, Hanna, Kaisa, Elina"
        ),
        "surnames": _words(
            "Virtanen, Korhonen, Mäkinen, Nieminen, Mäkelä, Hämäläinen, Laine, Heikkinen, "
            "Kivinen, Järvinen, Lehtonen, Saarinen, Salminen, Heinonen, Kettunen, Rantanen"
        ),
        "titles": _words(
            "Toimitusjohtaja, Hankintapäällikkö, Ostaja, Tuotantopäällikkö, "
            "Projektipäällikkö, Talouspäällikkö, Varastopäällikkö, Huoltopäällikkö"
        ),
    },
    "PL": {
        "cities": [
            ("Warszawa", 52.2297, 21.0122),
            ("Kraków", 50.0647, 19.9450),
            ("Łódź", 51.7592, 19.4560),
            ("Wrocław", 51.1079, 17.0385),
            ("Poznań", 52.4064, 16.9252),
            ("Gdańsk", 54.3520, 18.6466),
            ("Katowice", 50.2649, 19.0238),
            ("Lublin", 51.2465, 22.5684),
            ("Bydgoszcz", 53.1235, 18.0084),
            ("Rzeszów", 50.0412, 21.9991),
        ],
        "streets": _words(
            "ul. Przemysłowa, ul. Fabryczna, ul. Kolejowa, ul. Warsztatowa, ul. Składowa, ul. "
            "Portowa, ul. Mickiewicza, ul. Słowackiego, ul. Polna, ul. Rzemieślnicza"
        ),
        "companies": [
            "Zakład Mechaniczny {surname} sp. z o.o.",
            "{surname} Instalacje sp. z o.o.",
            "Przedsiębiorstwo Budowlane {surname}",
            "PHU {surname}",
            "Hurtownia Elektryczna {surname} sp.j.",
            "{surname} i Synowie sp. z o.o.",
            "Ślusarstwo {surname}",
            "Transport {surname} sp. z o.o.",
        ],
        "trades": [],
        "male": _words(
            "Piotr, Krzysztof, Andrzej, Tomasz, Paweł, Marcin, Michał, Grzegorz, Jakub, "
            "Łukasz, Wojciech, Rafał"
        ),
        "female": _words(
            "Anna, Katarzyna, Magdalena, Agnieszka, Małgorzata, Joanna, Ewa, Monika, Barbara, "
            "Dorota, Beata, Justyna"
        ),
        # Polish surnames agree with gender: "male/female" where the forms differ.
        "surnames": _words(
            "Kowalski/Kowalska, Wiśniewski/Wiśniewska, Nowak, Wójcik, Kamiński/Kamińska, "
            "Zieliński/Zielińska, Szymański/Szymańska, Woźniak, Mazur, Dąbrowski/Dąbrowska, "
            "Kozłowski/Kozłowska, Jankowski/Jankowska, Krawczyk, Piotrowski/Piotrowska, "
            "Grabowski/Grabowska"
        ),
        "titles": _words(
            "Prezes zarządu, Kierownik zakupów, Specjalista ds. zakupów, Kierownik produkcji, "
            "Kierownik projektu, Dyrektor finansowy, Kierownik magazynu, Dyrektor techniczny"
        ),
    },
}
