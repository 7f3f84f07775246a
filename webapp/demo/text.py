"""The words and places of the demo data: per country and per language, all invented.

Countries give the setting (real cities with their real coordinates, street names, company
and person names, job titles in the local language). Languages give what a rep writes:
personal topics, the sentences of a visit note, and promises. A topic is (title, follow-up
question, a sentence for a note where "{name}" is the contact's first name); sentences avoid
grammatical gender and cases so any first name fits.
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
        "companies": ["{surname} {trade} Oy"],
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

TEXT = {
    "en": {
        "topics": [
            (
                "Dog was sick",
                "Ask whether the dog is better",
                "{name} says the dog is finally eating again.",
            ),
            (
                "Son plays a football cup this weekend",
                "Ask how the cup went",
                "{name}'s son's team reached the semi-final of the cup.",
            ),
            (
                "Took up golf",
                "Ask about the handicap",
                "{name} played a first full round of golf last weekend.",
            ),
            (
                "Daughter starts university in the autumn",
                "Ask how the first weeks went",
                "{name}'s daughter has found a flat near the campus.",
            ),
            (
                "Running a marathon in May",
                "Ask how the training is going",
                "{name} ran 30 km on Sunday as training for the marathon.",
            ),
            (
                "Renovating the summer cabin",
                "Ask whether the new roof is on",
                "{name} is halfway through renovating the cabin.",
            ),
            (
                "New grandchild",
                "Ask to see a photo of the grandchild",
                "{name} showed me photos of the new grandchild.",
            ),
            (
                "Moose hunting in the autumn",
                "Ask how the hunt went",
                "{name} is counting the days to the moose hunt.",
            ),
            (
                "Sailing holiday along the coast",
                "Ask where they sailed",
                "{name} spent two weeks sailing along the coast.",
            ),
            (
                "Sings in a choir, concert in December",
                "Ask how the concert went",
                "{name} has choir practice twice a week before the concert.",
            ),
            (
                "Bought an electric car",
                "Ask how the range is in the cold",
                "{name} likes the electric car, except on cold mornings.",
            ),
            (
                "Skiing the Birkebeiner race",
                "Ask about the finishing time",
                "{name} is waxing skis for the Birkebeiner.",
            ),
            (
                "Building a new house",
                "Ask when they can move in",
                "{name} expects the new house to be ready by spring.",
            ),
            (
                "Coaches the daughter's handball team",
                "Ask how the season is going",
                "{name} coached the handball team to a win on Saturday.",
            ),
            (
                "Planning a trip to Japan",
                "Ask for restaurant tips from the trip",
                "{name} is back from Japan and recommends Kyoto.",
            ),
            (
                "Got a puppy",
                "Ask what the puppy is called",
                "{name} brought the new puppy to the office.",
            ),
            (
                "Fishing trip to Lofoten",
                "Ask how the fishing was",
                "{name} caught a 12 kg cod in Lofoten.",
            ),
            (
                "Restoring an old Volvo Amazon",
                "Ask whether the Amazon runs yet",
                "{name} found a gearbox for the old Volvo.",
            ),
            (
                "Twins start school",
                "Ask how the first school days went",
                "{name}'s twins started first grade this week.",
            ),
        ],
        "work": [
            "Went through the spring order; they want delivery split over two weeks.",
            "Checked the installation on line 2, running well since the last service.",
            "They are unhappy with delivery times from the warehouse.",
            "Showed the new pump range; good interest from the workshop.",
            "Short visit, mostly about the invoice that was paid twice.",
            "A new project starts in March and they will need pipes and valves.",
            "Filters are running low; they will order next week.",
            "A competitor came by last week with lower prices, but they value our service.",
            "Walked the plant with the production team; two machines need new seals.",
            "Discussed the framework agreement for next year.",
            "They asked for training for two new mechanics.",
            "All good, no complaints. Good coffee as always.",
        ],
        "promises": [
            "Send the updated price list",
            "Arrange a demo of the new pump",
            "Check the delivery date for the valves",
            "Send a quote for the March project",
            "Book a training day for the new mechanics",
            "Send the service report for line 2",
            "Sort out the double-paid invoice with accounting",
            "Bring samples of the new seals",
        ],
    },
    "nb": {
        "topics": [
            (
                "Hunden var syk",
                "Spør om hunden er frisk igjen",
                "{name} forteller at hunden endelig spiser igjen.",
            ),
            (
                "Sønnen spiller fotballcup i helgen",
                "Spør hvordan cupen gikk",
                "{name} forteller at sønnens lag kom til semifinalen i cupen.",
            ),
            (
                "Har begynt med golf",
                "Spør om handicapet",
                "{name} spilte sin første hele golfrunde i helgen.",
            ),
            (
                "Datteren begynner på universitetet til høsten",
                "Spør hvordan de første ukene har gått",
                "{name} forteller at datteren har funnet hybel nær campus.",
            ),
            (
                "Løper maraton i mai",
                "Spør hvordan treningen går",
                "{name} løp 30 km på søndag som trening til maratonet.",
            ),
            (
                "Pusser opp hytta",
                "Spør om det nye taket er på plass",
                "{name} er halvveis i oppussingen av hytta.",
            ),
            (
                "Har fått barnebarn",
                "Spør om å få se bilde av barnebarnet",
                "{name} viste meg bilder av det nye barnebarnet.",
            ),
            ("Elgjakt i høst", "Spør hvordan elgjakta gikk", "{name} teller dager til elgjakta."),
            (
                "Seilferie langs kysten",
                "Spør hvor de seilte",
                "{name} har seilt langs Sørlandskysten i to uker.",
            ),
            (
                "Synger i kor, konsert i desember",
                "Spør hvordan konserten gikk",
                "{name} har korøvelse to ganger i uka før konserten.",
            ),
            (
                "Har kjøpt elbil",
                "Spør hvordan rekkevidden er i kulda",
                "{name} er fornøyd med elbilen, bortsett fra kalde morgener.",
            ),
            (
                "Skal gå Birkebeinerrennet",
                "Spør om sluttiden",
                "{name} smører ski til Birkebeinerrennet.",
            ),
            (
                "Bygger nytt hus",
                "Spør når de kan flytte inn",
                "{name} regner med at det nye huset er ferdig til våren.",
            ),
            (
                "Trener datterens håndballag",
                "Spør hvordan sesongen går",
                "{name} ledet håndballaget til seier på lørdag.",
            ),
            (
                "Planlegger tur til Japan",
                "Spør om restauranttips fra turen",
                "{name} er tilbake fra Japan og anbefaler Kyoto.",
            ),
            (
                "Har fått valp",
                "Spør hva valpen heter",
                "{name} hadde med den nye valpen på kontoret.",
            ),
            (
                "Fisketur til Lofoten",
                "Spør hvordan fisket var",
                "{name} fikk en torsk på 12 kilo i Lofoten.",
            ),
            (
                "Restaurerer en gammel Volvo Amazon",
                "Spør om Amazonen går ennå",
                "{name} har funnet en girkasse til den gamle Volvoen.",
            ),
            (
                "Tvillingene begynner på skolen",
                "Spør hvordan skolestarten gikk",
                "{name} forteller at tvillingene begynte i første klasse denne uka.",
            ),
        ],
        "work": [
            "Gikk gjennom vårbestillingen; de vil ha leveransen delt over to uker.",
            "Sjekket anlegget på linje 2, har gått fint siden forrige service.",
            "De er misfornøyde med leveringstidene fra lageret.",
            "Viste det nye pumpesortimentet; stor interesse fra verkstedet.",
            "Kort besøk, mest om fakturaen som ble betalt to ganger.",
            "Et nytt prosjekt starter i mars, og de trenger rør og ventiler.",
            "Lite filter på lager, de bestiller neste uke.",
            (
                "En konkurrent var innom forrige uke med lavere priser, men de setter pris på "
                "servicen vår."
            ),
            "Gikk en runde i produksjonen; to maskiner trenger nye pakninger.",
            "Diskuterte rammeavtalen for neste år.",
            "De ønsker opplæring for to nye mekanikere.",
            "Alt i orden, ingen klager. God kaffe som vanlig.",
        ],
        "promises": [
            "Sende oppdatert prisliste",
            "Avtale demo av den nye pumpen",
            "Sjekke leveringsdato for ventilene",
            "Sende tilbud på marsprosjektet",
            "Booke opplæringsdag for de nye mekanikerne",
            "Sende servicerapporten for linje 2",
            "Ordne opp i den dobbeltbetalte fakturaen med økonomi",
            "Ta med prøver av de nye pakningene",
        ],
    },
    "sv": {
        "topics": [
            (
                "Hunden var sjuk",
                "Fråga om hunden är frisk igen",
                "{name} berättar att hunden äntligen äter igen.",
            ),
            (
                "Sonen spelar fotbollscup i helgen",
                "Fråga hur cupen gick",
                "{name} berättar att sonens lag gick till semifinal i cupen.",
            ),
            (
                "Har börjat spela golf",
                "Fråga om handicapet",
                "{name} spelade sin första hela golfrunda i helgen.",
            ),
            (
                "Dottern börjar på universitetet i höst",
                "Fråga hur de första veckorna har gått",
                "{name} berättar att dottern har hittat en studentlägenhet nära campus.",
            ),
            (
                "Springer maraton i maj",
                "Fråga hur träningen går",
                "{name} sprang 30 km i söndags som träning inför maran.",
            ),
            (
                "Renoverar sommarstugan",
                "Fråga om det nya taket är på plats",
                "{name} är halvvägs med renoveringen av sommarstugan.",
            ),
            (
                "Har fått barnbarn",
                "Fråga om att få se en bild på barnbarnet",
                "{name} visade bilder på det nya barnbarnet.",
            ),
            ("Älgjakt i höst", "Fråga hur älgjakten gick", "{name} räknar dagarna till älgjakten."),
            (
                "Seglade i skärgården i somras",
                "Fråga var de seglade",
                "{name} har seglat i skärgården i två veckor.",
            ),
            (
                "Sjunger i kör, konsert i december",
                "Fråga hur konserten gick",
                "{name} har körrepetition två gånger i veckan inför konserten.",
            ),
            (
                "Har köpt elbil",
                "Fråga hur räckvidden är i kylan",
                "{name} är nöjd med elbilen, utom kalla morgnar.",
            ),
            ("Ska åka Vasaloppet", "Fråga om sluttiden", "{name} vallar skidor inför Vasaloppet."),
            (
                "Bygger nytt hus",
                "Fråga när de kan flytta in",
                "{name} räknar med att huset blir klart till våren.",
            ),
            (
                "Tränar dotterns handbollslag",
                "Fråga hur säsongen går",
                "{name} ledde handbollslaget till seger i lördags.",
            ),
            (
                "Planerar en resa till Japan",
                "Fråga om restaurangtips från resan",
                "{name} är tillbaka från Japan och rekommenderar Kyoto.",
            ),
            (
                "Har skaffat valp",
                "Fråga vad valpen heter",
                "{name} hade med sig den nya valpen till kontoret.",
            ),
            (
                "Fisketur till Lofoten",
                "Fråga hur fisket var",
                "{name} fick en torsk på 12 kilo i Lofoten.",
            ),
            (
                "Renoverar en gammal Volvo Amazon",
                "Fråga om Amazonen går än",
                "{name} har hittat en växellåda till den gamla Volvon.",
            ),
            (
                "Tvillingarna börjar skolan",
                "Fråga hur skolstarten gick",
                "{name} berättar att tvillingarna började ettan den här veckan.",
            ),
        ],
        "work": [
            "Gick igenom vårbeställningen; de vill ha leveransen uppdelad på två veckor.",
            "Kollade anläggningen på linje 2, har gått bra sedan senaste servicen.",
            "De är missnöjda med leveranstiderna från lagret.",
            "Visade det nya pumpsortimentet; stort intresse från verkstaden.",
            "Kort besök, mest om fakturan som betalades två gånger.",
            "Ett nytt projekt startar i mars och de behöver rör och ventiler.",
            "Lite filter i lager, de beställer nästa vecka.",
            "En konkurrent var här förra veckan med lägre priser, men de uppskattar vår service.",
            "Gick en runda i produktionen; två maskiner behöver nya packningar.",
            "Diskuterade ramavtalet för nästa år.",
            "De vill ha utbildning för två nya mekaniker.",
            "Allt i ordning, inga klagomål. God fika som vanligt.",
        ],
        "promises": [
            "Skicka uppdaterad prislista",
            "Boka en demo av den nya pumpen",
            "Kolla leveransdatum för ventilerna",
            "Skicka offert på marsprojektet",
            "Boka utbildningsdag för de nya mekanikerna",
            "Skicka servicerapporten för linje 2",
            "Reda ut den dubbelbetalda fakturan med ekonomi",
            "Ta med prover på de nya packningarna",
        ],
    },
    "fi": {
        "topics": [
            (
                "Koira oli sairaana",
                "Kysy, onko koira jo terve",
                "{name} kertoi, että koira syö taas normaalisti.",
            ),
            (
                "Poika pelaa jalkapalloturnauksessa viikonloppuna",
                "Kysy, miten turnaus meni",
                "{name} kertoi, että pojan joukkue pääsi turnauksen välieriin.",
            ),
            (
                "Aloitti golfin",
                "Kysy tasoituksesta",
                "{name} pelasi viikonloppuna ensimmäisen täyden golfkierroksensa.",
            ),
            (
                "Tytär aloittaa yliopiston syksyllä",
                "Kysy, miten ensimmäiset viikot ovat menneet",
                "{name} kertoi, että tytär löysi asunnon kampuksen läheltä.",
            ),
            (
                "Juoksee maratonin toukokuussa",
                "Kysy, miten harjoittelu sujuu",
                "{name} juoksi sunnuntaina 30 kilometrin harjoituslenkin.",
            ),
            (
                "Remontoi kesämökkiä",
                "Kysy, onko uusi katto jo paikallaan",
                "{name} on mökkiremontissa puolivälissä.",
            ),
            (
                "Sai lapsenlapsen",
                "Kysy, saako nähdä kuvan lapsenlapsesta",
                "{name} näytti kuvia uudesta lapsenlapsesta.",
            ),
            (
                "Hirvijahti syksyllä",
                "Kysy, miten hirvijahti meni",
                "{name} laskee päiviä hirvijahdin alkuun.",
            ),
            (
                "Purjehti saaristossa kesällä",
                "Kysy, missä he purjehtivat",
                "{name} purjehti kaksi viikkoa Turun saaristossa.",
            ),
            (
                "Laulaa kuorossa, konsertti joulukuussa",
                "Kysy, miten konsertti meni",
                "{name} käy kuoroharjoituksissa kahdesti viikossa ennen konserttia.",
            ),
            (
                "Osti sähköauton",
                "Kysy, miten toimintamatka riittää pakkasella",
                "{name} on tyytyväinen sähköautoon, paitsi kylminä aamuina.",
            ),
            (
                "Hiihtää Finlandia-hiihdon",
                "Kysy loppuajasta",
                "{name} voitelee suksia Finlandia-hiihtoa varten.",
            ),
            (
                "Rakentaa uutta taloa",
                "Kysy, milloin he pääsevät muuttamaan",
                "{name} arvioi, että uusi talo valmistuu keväällä.",
            ),
            (
                "Valmentaa tyttären salibandyjoukkuetta",
                "Kysy, miten kausi sujuu",
                "{name} valmensi joukkueen voittoon lauantaina.",
            ),
            (
                "Suunnittelee matkaa Japaniin",
                "Kysy ravintolavinkkejä matkalta",
                "{name} palasi Japanista ja suosittelee Kiotoa.",
            ),
            (
                "Hankki koiranpennun",
                "Kysy, mikä pennun nimi on",
                "{name} toi uuden koiranpennun toimistolle.",
            ),
            (
                "Kalastusreissu Tenojoelle",
                "Kysy, miten kalat tarttuivat",
                "{name} sai Tenojoelta kahdeksan kilon lohen.",
            ),
            (
                "Kunnostaa vanhaa Volvo Amazonia",
                "Kysy, joko Amazon käy",
                "{name} löysi vaihdelaatikon vanhaan Volvoon.",
            ),
            (
                "Kaksoset aloittavat koulun",
                "Kysy, miten koulun aloitus meni",
                "{name} kertoi, että kaksoset aloittivat ensimmäisen luokan tällä viikolla.",
            ),
        ],
        "work": [
            "Kävimme läpi kevään tilauksen; he haluavat toimituksen kahdessa erässä.",
            "Tarkistimme linjan 2 asennuksen, toiminut hyvin edellisen huollon jälkeen.",
            "He ovat tyytymättömiä varaston toimitusaikoihin.",
            "Esittelin uuden pumppuvalikoiman; korjaamo oli kiinnostunut.",
            "Lyhyt käynti, lähinnä kahteen kertaan maksetusta laskusta.",
            "Uusi projekti alkaa maaliskuussa, ja he tarvitsevat putkia ja venttiilejä.",
            "Suodattimia on vähän varastossa, he tilaavat ensi viikolla.",
            (
                "Kilpailija kävi viime viikolla halvemmilla hinnoilla, mutta he arvostavat "
                "palveluamme."
            ),
            "Kiersimme tuotannon; kahteen koneeseen tarvitaan uudet tiivisteet.",
            "Keskustelimme ensi vuoden puitesopimuksesta.",
            "He toivovat koulutusta kahdelle uudelle mekaanikolle.",
            "Kaikki kunnossa, ei valituksia. Hyvät kahvit kuten aina.",
        ],
        "promises": [
            "Lähetä päivitetty hinnasto",
            "Sovi uuden pumpun esittely",
            "Tarkista venttiilien toimituspäivä",
            "Lähetä tarjous maaliskuun projektista",
            "Varaa koulutuspäivä uusille mekaanikoille",
            "Lähetä linjan 2 huoltoraportti",
            "Selvitä kahteen kertaan maksettu lasku talousosaston kanssa",
            "Tuo näytteitä uusista tiivisteistä",
        ],
    },
    "pl": {
        "topics": [
            (
                "Pies był chory",
                "Zapytaj, czy pies już wyzdrowiał",
                "{name} mówi, że pies znowu normalnie je.",
            ),
            (
                "Syn gra w turnieju piłkarskim w weekend",
                "Zapytaj, jak poszedł turniej",
                "{name} mówi, że drużyna syna doszła do półfinału turnieju.",
            ),
            (
                "Nowe hobby: golf",
                "Zapytaj o postępy w golfie",
                "{name} ma za sobą pierwszą pełną rundę golfa.",
            ),
            (
                "Córka zaczyna studia jesienią",
                "Zapytaj, jak minęły pierwsze tygodnie",
                "{name} mówi, że córka znalazła mieszkanie blisko uczelni.",
            ),
            (
                "Maraton w maju",
                "Zapytaj, jak idą treningi",
                "{name} biega teraz 60 km tygodniowo przed maratonem.",
            ),
            (
                "Remont domku letniskowego",
                "Zapytaj, czy nowy dach jest już gotowy",
                "{name} mówi, że remont domku na Mazurach jest w połowie.",
            ),
            (
                "Urodził się wnuk",
                "Zapytaj o zdjęcie wnuka",
                "{name} z dumą pokazuje zdjęcia wnuka.",
            ),
            (
                "Grzybobranie w weekend",
                "Zapytaj, ile było grzybów",
                "{name} mówi, że w weekend zebrali dwa kosze prawdziwków.",
            ),
            (
                "Żeglowanie na Mazurach",
                "Zapytaj, jak było na Mazurach",
                "{name} opowiada o dwóch tygodniach żeglowania na Mazurach.",
            ),
            (
                "Śpiewa w chórze, koncert w grudniu",
                "Zapytaj, jak poszedł koncert",
                "{name} ma próby chóru dwa razy w tygodniu przed koncertem.",
            ),
            (
                "Nowy samochód elektryczny",
                "Zapytaj o zasięg zimą",
                "{name} chwali nowy samochód elektryczny, poza mroźnymi porankami.",
            ),
            (
                "Bieg Piastów w lutym",
                "Zapytaj o czas na mecie",
                "{name} smaruje narty przed Biegiem Piastów.",
            ),
            (
                "Budowa nowego domu",
                "Zapytaj, kiedy przeprowadzka",
                "{name} mówi, że dom będzie gotowy na wiosnę.",
            ),
            (
                "Trenuje drużynę siatkarską córki",
                "Zapytaj, jak idzie sezon",
                "{name} mówi, że drużyna córki wygrała w sobotę.",
            ),
            (
                "Planowana podróż do Japonii",
                "Zapytaj o polecane restauracje",
                "{name} właśnie wraca z Japonii i poleca Kioto.",
            ),
            (
                "Nowy szczeniak w domu",
                "Zapytaj, jak ma na imię szczeniak",
                "{name} pokazuje zdjęcia szczeniaka, to golden retriever.",
            ),
            (
                "Wyjazd na ryby do Norwegii",
                "Zapytaj, jak brały ryby",
                "{name} mówi, że złowili dorsza ważącego 12 kg.",
            ),
            (
                "Odnawia starego Fiata 125p",
                "Zapytaj, czy Fiat już jeździ",
                "{name} ma już nową skrzynię biegów do Fiata.",
            ),
            (
                "Bliźniaki idą do szkoły",
                "Zapytaj, jak minęły pierwsze dni w szkole",
                "{name} mówi, że bliźniaki zaczęły pierwszą klasę.",
            ),
        ],
        "work": [
            "Omówiliśmy wiosenne zamówienie; chcą dostawy w dwóch częściach.",
            "Sprawdziłem instalację na linii 2, działa dobrze od ostatniego serwisu.",
            "Są niezadowoleni z czasów dostaw z magazynu.",
            "Pokazałem nową gamę pomp; duże zainteresowanie w warsztacie.",
            "Krótka wizyta, głównie o fakturze zapłaconej dwa razy.",
            "W marcu rusza nowy projekt i będą potrzebować rur i zaworów.",
            "Mało filtrów na stanie, zamówią w przyszłym tygodniu.",
            "Konkurencja była tu w zeszłym tygodniu z niższymi cenami, ale cenią nasz serwis.",
            "Obeszliśmy produkcję; dwie maszyny potrzebują nowych uszczelek.",
            "Rozmawialiśmy o umowie ramowej na przyszły rok.",
            "Chcą szkolenia dla dwóch nowych mechaników.",
            "Wszystko w porządku, bez reklamacji. Jak zawsze dobra kawa.",
        ],
        "promises": [
            "Wysłać aktualny cennik",
            "Umówić prezentację nowej pompy",
            "Sprawdzić termin dostawy zaworów",
            "Wysłać ofertę na projekt marcowy",
            "Zarezerwować dzień szkoleniowy dla nowych mechaników",
            "Wysłać raport serwisowy dla linii 2",
            "Wyjaśnić z księgowością podwójnie opłaconą fakturę",
            "Przywieźć próbki nowych uszczelek",
        ],
    },
}
