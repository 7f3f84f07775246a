"""What a rep writing Polish writes in the demo: personal topics (title, follow-up
question, a sentence for a note with "{name}"), the sentences of a visit note and promises.

The notes do not say who wrote them in a gendered form ("sprawdziłem" or "sprawdziłam"):
any demo rep may write any note, so they use impersonal forms ("Omówiono…", "Przegląd…")."""

PHRASES = {
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
        "Omówiono wiosenne zamówienie; chcą dostawy w dwóch częściach.",
        "Sprawdzona instalacja na linii 2 – działa dobrze od ostatniego serwisu.",
        "Niezadowolenie z czasów dostaw z magazynu.",
        "Prezentacja nowej gamy pomp; duże zainteresowanie w warsztacie.",
        "Krótka wizyta, głównie o fakturze zapłaconej dwa razy.",
        "W marcu rusza nowy projekt i będą potrzebować rur i zaworów.",
        "Mało filtrów na stanie, zamówią w przyszłym tygodniu.",
        "Konkurencja była tu w zeszłym tygodniu z niższymi cenami, ale cenią nasz serwis.",
        "Obchód produkcji; dwie maszyny potrzebują nowych uszczelek.",
        "Rozmowa o umowie ramowej na przyszły rok.",
        "Chcą szkolenia dla dwóch nowych mechaników.",
        "Wszystko w porządku, bez reklamacji. Jak zawsze dobra kawa.",
        "Przegląd stanów z kierownikiem magazynu; zawory i części wystarczą do wiosny.",
        "Planują nową halę warsztatową i poprosili o propozycję jej wyposażenia.",
        "Próbki dostarczone; przetestują uszczelki na linii pras.",
        "Na spotkaniu nowy kierownik produkcji; przedstawiono firmę i naszą umowę serwisową.",
        "Próby ciśnieniowe instalacji chłodzenia wypadły dobrze.",
        "Rozmowa o cenach na przyszły rok; chcą odpowiedzi przed świętami.",
        "Przecieka pompa w obiegu kotła; nowa jest już zamówiona.",
        "Chcą zamawiać przez internet; pytanie o nasz sklep internetowy.",
        "Przegląd zamówień z ostatniego kwartału i otwartych dostaw.",
        "Budżet na przyszły rok jest napięty, więc duże zamówienie może poczekać.",
        "Omówiono oszczędności energii w wentylacji; chcą liczb na piśmie.",
        "U nich gorący dzień, więc tylko szybka kawa i rzut oka na listę zamówień.",
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
}
