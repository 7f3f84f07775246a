"""What a rep writing Finnish writes in the demo: personal topics (title, follow-up
question, a sentence for a note with "{name}"), the sentences of a visit note and promises."""

PHRASES = {
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
        ("Kilpailija kävi viime viikolla halvemmilla hinnoilla, mutta he arvostavat palveluamme."),
        "Kiersimme tuotannon; kahteen koneeseen tarvitaan uudet tiivisteet.",
        "Keskustelimme ensi vuoden puitesopimuksesta.",
        "He toivovat koulutusta kahdelle uudelle mekaanikolle.",
        "Kaikki kunnossa, ei valituksia. Hyvät kahvit kuten aina.",
        "Kävimme varaston läpi varastopäällikön kanssa; venttiilit ja osat riittävät kevääseen.",
        "He suunnittelevat uutta korjaamohallia ja pyysivät meiltä ehdotuksen.",
        "Toin näytteet; he testaavat tiivisteitä puristinlinjalla.",
        "Uusi tuotantopäällikkö oli paikalla; esittelimme itsemme ja huoltosopimuksen.",
        "Jäähdytysjärjestelmän painekokeet menivät hyvin.",
        "Puhuimme ensi vuoden hinnoista; he haluavat vastauksen ennen joulua.",
        "Kattilapiirin pumppu vuotaa; uusi on tilattu.",
        "He haluaisivat tilata verkossa ja kysyivät verkkokaupastamme.",
        "Kävimme läpi viime neljänneksen tilaukset ja avoimet toimitukset.",
        "Ensi vuoden budjetti on tiukka, joten iso tilaus saattaa siirtyä.",
        "Katsoimme ilmanvaihdon energiansäästöjä; he haluavat luvut kirjallisena.",
        "Heillä oli kiireinen päivä, joten vain nopeat kahvit ja vilkaisu tilauslistaan.",
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
}
