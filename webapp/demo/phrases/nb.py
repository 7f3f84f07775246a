"""What a rep writing Norwegian Bokmål writes in the demo: personal topics (title, follow-up
question, a sentence for a note with "{name}"), the sentences of a visit note and promises."""

PHRASES = {
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
        "Gikk gjennom lageret med lagersjefen; ventiler og deler holder til våren.",
        "De planlegger en ny verkstedhall og ba om et forslag til utforming.",
        "Leverte prøvene; de tester pakningene på presselinjen.",
        "Den nye driftslederen var til stede; vi presenterte oss og serviceavtalen.",
        "Trykktestene på kjøleanlegget gikk fint.",
        "Snakket om priser for neste år; de vil ha svar før jul.",
        "En lekk pumpe på kjelekretsen; ny er bestilt.",
        "De vil gjerne bestille på nett og spurte om nettbutikken vår.",
        "Gikk gjennom ordrene fra forrige kvartal og åpne leveranser.",
        "Budsjettet for neste år er stramt, så den store bestillingen kan bli utsatt.",
        "Så på energisparing i ventilasjonen; de vil ha tallene skriftlig.",
        "Travel dag hos dem, så bare en rask kaffe og en titt på bestillingslisten.",
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
}
