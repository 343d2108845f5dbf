"""Word lists and sentence templates for bench/generate.py (data only, no logic).

Everything here is invented or generic: people are random first-name/surname pairs, places
are real or real-sounding towns, organisations are generic bodies. Templates are written for
`str.format_map` with these slots:

  {A} actor, {B} second actor, {P} place (sometimes with a descriptor), {P0} bare place,
  {O} object (weapon / infrastructure / topic / goods, by act), {Om} the object as a modifier
  ("drone" for "drones"), {T} target building, {aO} / {aT} with "a" or "an",
  {N} main number, {N2} secondary number, {M} money amount, {V}/{Vd} act verb
  (present / past; {V} agrees with the actor, or with `agree`), {D} day phrase ("on Tuesday"),
  {S} speaker name, {R} speaker role. Where the place is a modifier ("Kyiv death toll") or
  opens a headline before a colon, templates use the bare {P0}.
"""
from __future__ import annotations

# (country, adjective, capital) — capitals stand in for governments ("Moscow says").
COUNTRIES: list[tuple[str, str, str]] = [
    ("Ukraine", "Ukrainian", "Kyiv"), ("Russia", "Russian", "Moscow"), ("Israel", "Israeli", "Jerusalem"),
    ("Iran", "Iranian", "Tehran"), ("Syria", "Syrian", "Damascus"), ("Lebanon", "Lebanese", "Beirut"),
    ("Turkey", "Turkish", "Ankara"), ("France", "French", "Paris"), ("Germany", "German", "Berlin"),
    ("Poland", "Polish", "Warsaw"), ("the United States", "US", "Washington"), ("Britain", "British", "London"),
    ("China", "Chinese", "Beijing"), ("India", "Indian", "New Delhi"), ("Egypt", "Egyptian", "Cairo"),
    ("Qatar", "Qatari", "Doha"), ("Jordan", "Jordanian", "Amman"), ("Saudi Arabia", "Saudi", "Riyadh"),
    ("Moldova", "Moldovan", "Chisinau"), ("Belarus", "Belarusian", "Minsk"), ("Georgia", "Georgian", "Tbilisi"),
    ("Italy", "Italian", "Rome"), ("Japan", "Japanese", "Tokyo"), ("Pakistan", "Pakistani", "Islamabad"),
    ("Sudan", "Sudanese", "Khartoum"), ("Yemen", "Yemeni", "Sanaa"), ("Iraq", "Iraqi", "Baghdad"),
    ("Romania", "Romanian", "Bucharest"),
]

# Government and state bodies, combined with every country adjective; the first ones rank higher.
BODIES: list[tuple[str, str]] = [  # (body, kind)
    ("army", "force"), ("defence ministry", "gov"), ("foreign ministry", "gov"), ("air force", "force"),
    ("emergency service", "civil"), ("navy", "force"), ("interior ministry", "gov"),
    ("health ministry", "civil"), ("energy ministry", "civil"), ("border guard service", "force"),
    ("prosecutor general's office", "gov"), ("parliament", "gov"), ("central bank", "gov"),
    ("national police", "force"), ("state energy company", "civil"), ("security service", "force"),
]

# (full name, short name) of international bodies.
INTERNATIONAL: list[tuple[str, str]] = [
    ("the United Nations", "the UN"), ("Nato", "Nato"), ("the European Union", "the EU"),
    ("the International Committee of the Red Cross", "the Red Cross"),
    ("the International Atomic Energy Agency", "the IAEA"), ("the World Health Organization", "the WHO"),
    ("Unicef", "Unicef"), ("the World Food Programme", "the WFP"), ("Amnesty International", "Amnesty"),
    ("Human Rights Watch", "HRW"), ("Doctors Without Borders", "MSF"),
    ("the International Criminal Court", "the ICC"), ("the OSCE", "the OSCE"),
    ("the International Monetary Fund", "the IMF"), ("the World Bank", "the World Bank"),
    ("the UN Security Council", "the Security Council"), ("the UN refugee agency", "UNHCR"),
    ("the G7", "the G7"), ("the African Union", "the AU"), ("the Arab League", "the Arab League"),
    ("the International Rescue Committee", "the IRC"), ("the Norwegian Refugee Council", "the NRC"),
    ("Save the Children", "Save the Children"), ("Oxfam", "Oxfam"),
    ("the UN human rights office", "the UN rights office"), ("the International Court of Justice", "the ICJ"),
    ("the European Commission", "Brussels"), ("the European Parliament", "MEPs"),
    ("the Council of Europe", "the Council of Europe"), ("the UN General Assembly", "the General Assembly"),
    ("the International Organization for Migration", "the IOM"), ("the UN aid office", "OCHA"),
    ("the Organisation of Islamic Cooperation", "the OIC"), ("the Gulf Cooperation Council", "the GCC"),
    ("the European Investment Bank", "the EIB"), ("the Black Sea Trade Council", "the BSTC"),
]

FIRST_NAMES = ("Olena Andriy Serhiy Yulia Oleksandr Iryna Dmytro Natalia Mykola Tetiana Viktor Oksana Pavlo "
               "Kateryna Ivan Maria Anna Igor Sergei Dmitry Elena Alexei Nikolai Svetlana Ahmed Fatima Omar "
               "Layla Yusuf Noor Hassan Rania Karim Samira Daniel Sarah Michael Emma James Laura Thomas Claire "
               "Pierre Sophie Jean Camille Hans Katrin Markus Ingrid Luca Giulia Marco Ana Pedro Carlos Lucia "
               "Raj Priya Arjun Ananya Wei Kenji Yuki David Rachel Yosef Miriam Tomasz Agnieszka Jan Eva "
               "Mehmet Ayse Emre Zeynep").split()
SURNAMES = ("Kovalenko Shevchenko Bondarenko Tkachenko Kravchenko Oliynyk Melnyk Boyko Marchenko Lysenko "
            "Petrenko Moroz Savchenko Rudenko Hrytsenko Ivanov Petrov Sokolov Volkov Morozov Lebedev "
            "Kuznetsov Orlov Haddad Nasser Khalil Mansour Darwish Saleh Farouk Aziz Hamdan Rahman Okafor "
            "Mensah Carter Whitfield Harrington Dalton Mercer Hughes Brennan Fischer Becker Richter Weber "
            "Hoffmann Moreau Laurent Girard Dubois Fontaine Rossi Bianchi Ferraro Moretti Costa Silva Herrera "
            "Navarro Castillo Sharma Verma Iyer Menon Chen Zhang Tanaka Sato Levi Cohen Mizrahi Friedman "
            "Nowak Kowalski Wisniewska Novak Dvorak Yilmaz Demir Kaya Aydin Lindqvist Nilsson Berg Janssen "
            "Popescu Ionescu Georgiou Papadakis Kaur Gill Abara Nkemelu").split()

# Role templates for people: {C} country name, {J} adjective, {P} place, {G} organisation.
ROLES = [
    "{C}'s president", "{C}'s prime minister", "{C}'s foreign minister", "{C}'s defence minister",
    "the governor of the {P} region", "the mayor of {P}", "a spokesperson for {G}", "the head of {G}",
    "an adviser to {C}'s president", "{C}'s energy minister", "the {J} ambassador to the UN",
    "a senior {J} commander", "{C}'s interior minister", "the police chief in {P}",
    "{C}'s deputy foreign minister", "the head of the {P} military administration", "a {J} MP",
    "the {J} army's chief of staff", "{C}'s human rights ombudsman", "a senior official at {G}",
]

# Real towns by theatre (where an event happens decides whose forces and officials act there).
PLACES_BY_THEATRE: dict[str, list[str]] = {
    "east": (
        "Kyiv|Kharkiv|Odesa|Dnipro|Zaporizhzhia|Lviv|Kherson|Mykolaiv|Sumy|Chernihiv|Poltava|Vinnytsia|"
        "Zhytomyr|Kramatorsk|Sloviansk|Bakhmut|Avdiivka|Pokrovsk|Kupiansk|Izium|Mariupol|Melitopol|"
        "Berdiansk|Nikopol|Kryvyi Rih|Uman|Bila Tserkva|Rivne|Lutsk|Ternopil|Ivano-Frankivsk|Chernivtsi|"
        "Uzhhorod|Khmelnytskyi|Cherkasy|Kropyvnytskyi|Izmail|Vovchansk|Toretsk|Moscow|Belgorod|Kursk|"
        "Bryansk|Voronezh|Rostov-on-Don|Krasnodar|Novorossiysk|Sevastopol|Simferopol|Kerch|Taganrog|"
        "St Petersburg|Kazan|Engels|Tula|Oryol|Lipetsk|Chisinau|Minsk|Tbilisi|Warsaw|Rzeszow|Bucharest|"
        "Vilnius|Riga|Tallinn").split("|"),
    "mideast": (
        "Gaza City|Khan Younis|Rafah|Deir al-Balah|Jabalia|Nuseirat|Beit Lahia|Jenin|Nablus|Ramallah|"
        "Hebron|Tulkarm|Jerusalem|Tel Aviv|Haifa|Ashkelon|Sderot|Eilat|Beirut|Tyre|Sidon|Nabatieh|Baalbek|"
        "Damascus|Aleppo|Idlib|Homs|Deir ez-Zor|Baghdad|Erbil|Mosul|Basra|Tehran|Isfahan|Amman|Cairo|"
        "Sanaa|Hodeidah|Aden|Doha|Riyadh|Ankara|Istanbul").split("|"),
    "world": (
        "London|Paris|Berlin|Brussels|Rome|Madrid|Vienna|Geneva|The Hague|Helsinki|Stockholm|Oslo|"
        "Copenhagen|Prague|Budapest|Athens|Sofia|Bratislava|Munich|Strasbourg|Dublin|Lisbon|Washington|"
        "New York|Beijing|New Delhi|Tokyo|Seoul|Islamabad|Khartoum|Port Sudan|El Fasher|Addis Ababa|"
        "Nairobi|Johannesburg|Brasilia|Ottawa|Jakarta|Manila|Bangkok").split("|"),
}
# The country a town is in, where the cast has it (acts at home vs by a foe depend on it).
PLACE_COUNTRY: dict[str, str] = {
    **{p: "Ukraine" for p in PLACES_BY_THEATRE["east"][:39]},
    **{p: "Russia" for p in PLACES_BY_THEATRE["east"][39:57]},
    "Chisinau": "Moldova", "Minsk": "Belarus", "Tbilisi": "Georgia", "Warsaw": "Poland", "Rzeszow": "Poland",
    "Bucharest": "Romania",
    **{p: "Israel" for p in ("Jerusalem", "Tel Aviv", "Haifa", "Ashkelon", "Sderot", "Eilat")},
    **{p: "Lebanon" for p in ("Beirut", "Tyre", "Sidon", "Nabatieh", "Baalbek")},
    **{p: "Syria" for p in ("Damascus", "Aleppo", "Idlib", "Homs", "Deir ez-Zor")},
    **{p: "Iraq" for p in ("Baghdad", "Erbil", "Mosul", "Basra")},
    "Tehran": "Iran", "Isfahan": "Iran", "Amman": "Jordan", "Cairo": "Egypt", "Sanaa": "Yemen",
    "Hodeidah": "Yemen", "Aden": "Yemen", "Doha": "Qatar", "Riyadh": "Saudi Arabia", "Ankara": "Turkey",
    "Istanbul": "Turkey", "London": "Britain", "Paris": "France", "Berlin": "Germany", "Munich": "Germany",
    "Rome": "Italy", "Washington": "the United States", "New York": "the United States", "Beijing": "China",
    "New Delhi": "India", "Tokyo": "Japan", "Islamabad": "Pakistan", "Khartoum": "Sudan",
    "Port Sudan": "Sudan", "El Fasher": "Sudan",
}
THEATRE_OF_COUNTRY: dict[str, str] = {
    **{c: "east" for c in ("Ukraine", "Russia", "Poland", "Moldova", "Belarus", "Georgia", "Romania")},
    **{c: "mideast" for c in ("Israel", "Iran", "Syria", "Lebanon", "Turkey", "Egypt", "Qatar", "Jordan",
                              "Saudi Arabia", "Yemen", "Iraq")},
    **{c: "world" for c in ("France", "Germany", "the United States", "Britain", "China", "India", "Italy",
                            "Japan", "Pakistan", "Sudan")},
}
# Real-sounding village names are built from these halves (many frontline places are villages).
PLACE_HEADS = ["Novo", "Staro", "Krasno", "Zeleno", "Bilo", "Chorno", "Vysoko", "Kamian", "Sviato",
               "Dobro", "Myro", "Pere", "Zoloto", "Ternu", "Hlyno", "Berezo", "Lozo", "Sokolo"]
PLACE_TAILS = ["selivka", "hrad", "pil", "mykhailivka", "ivanivka", "dar", "horivka", "luka", "pillia",
               "yar", "sadove", "dolyna", "hirske", "vodiane", "kamianka", "petrivka", "oleksandrivka",
               "marivka", "danylivka", "bakhmutivka"]


# Things: (category, surface forms). The first form is the usual one.
WEAPONS = [
    ["drones", "combat drones", "kamikaze drones"], ["missiles", "cruise missiles"], ["ballistic missiles"],
    ["glide bombs", "guided aerial bombs"], ["artillery", "artillery fire", "shelling"], ["rockets"],
    ["mortar fire", "mortars"], ["Shahed drones", "Iranian-made drones"], ["Kalibr missiles"],
    ["Iskander missiles"], ["cluster munitions"], ["naval drones", "sea drones"], ["tank fire"],
    ["hypersonic missiles"], ["anti-aircraft missiles"], ["multiple rocket launchers", "rocket launchers"],
    ["sniper fire"], ["landmines", "mines"], ["air strikes", "airstrikes"], ["fighter jets", "warplanes"],
    ["helicopter gunships", "helicopters"], ["long-range missiles"], ["howitzers"], ["loitering munitions"],
    ["thermobaric bombs"], ["incendiary munitions"], ["surface-to-air missiles"], ["grenades"],
    ["explosives"], ["S-300 missiles"], ["Grad rockets"], ["FPV drones", "first-person-view drones"],
    ["Kh-101 missiles"], ["Lancet drones"], ["heavy bombs"], ["tanks"],
]
AERIAL = {"drones", "missiles", "ballistic missiles", "glide bombs", "rockets", "Shahed drones", "Kalibr missiles",
          "Iskander missiles", "naval drones", "hypersonic missiles", "fighter jets", "helicopter gunships",
          "long-range missiles", "loitering munitions", "S-300 missiles", "Grad rockets", "Kh-101 missiles",
          "Lancet drones", "FPV drones"}
# Targets whose loss cuts the power (blackouts are about these).
POWER = {"power plant", "substation", "dam", "gas pipeline", "nuclear plant", "energy facility",
         "thermal power station", "heating plant"}
TARGETS = [
    ["power plant", "power station"], ["substation", "electricity substation"], ["dam"], ["bridge"],
    ["railway station", "train station"], ["grain terminal"], ["port", "harbour"], ["oil refinery", "refinery"],
    ["fuel depot", "oil depot"], ["airport"], ["air base", "airfield"], ["hospital"], ["school"],
    ["apartment block", "residential building", "block of flats"], ["shopping centre", "mall"], ["market"],
    ["factory", "industrial plant"], ["water treatment plant"], ["gas pipeline"], ["nuclear plant"],
    ["border crossing"], ["checkpoint"], ["military base"], ["ammunition depot", "arms depot"],
    ["command post"], ["administrative building", "government building"], ["church"], ["mosque"],
    ["refugee camp", "displacement camp"], ["aid convoy"], ["passenger train"], ["bus station"],
    ["telecommunications tower"], ["TV tower"], ["university"], ["hotel"], ["warehouse"],
    ["energy facility", "energy infrastructure"], ["thermal power station"], ["heating plant"],
    ["supermarket"], ["kindergarten"], ["police station"], ["court building", "courthouse"], ["stadium"],
]
TOPICS = [
    ["a ceasefire", "a truce"], ["peace talks", "negotiations"], ["the grain deal", "grain exports"],
    ["sanctions"], ["a prisoner exchange", "a prisoner swap"], ["a humanitarian corridor"],
    ["the aid package"], ["arms supplies", "weapons deliveries"], ["the evacuation plan"], ["the blackout"],
    ["the curfew"], ["martial law"], ["mobilisation", "the call-up"], ["air raid alerts"], ["the election"],
    ["the referendum"], ["a hostage deal"], ["the peace plan"], ["security guarantees"],
    ["gas supplies"], ["the oil price cap"], ["energy exports"], ["the reconstruction fund"],
    ["the war crimes inquiry", "war crimes investigations"], ["nuclear safety"], ["water shortages"],
    ["fuel shortages"], ["power outages"], ["food prices"], ["refugee flows"], ["the visa ban"],
    ["the asset freeze", "frozen assets"], ["the trade embargo"], ["the arms embargo"], ["military aid"],
    ["the IMF loan"], ["the budget"], ["the conscription law"], ["the border closure"],
    ["the accession talks", "membership talks"],
]
GOODS = [
    ["food aid", "food supplies"], ["medical supplies", "medicines"], ["generators"], ["winter clothing"],
    ["fuel"], ["drinking water"], ["tents"], ["blankets"], ["vaccines"], ["ambulances"],
    ["field hospitals"], ["grain"], ["wheat"], ["fertiliser"], ["heating equipment"], ["body armour"],
    ["helmets"], ["armoured vehicles"], ["night-vision equipment"], ["mine-clearing equipment"],
    ["baby formula"], ["insulin"], ["antibiotics"], ["blood supplies"], ["solar panels"], ["water pumps"],
    ["shelter kits"], ["hygiene kits"], ["transformers"], ["air defence systems", "air defences"],
]

CHARGES = ["spying", "sabotage", "treason", "collaboration", "arson attacks", "smuggling weapons",
           "planning an attack", "leaking military positions", "draft evasion", "corruption"]

# Acts: verbs (3rd singular, plural, past), headline / body / repeat-headline templates, quotes.
# `actor` is the cast the actor comes from; `local` acts happen to a place, so their actor comes
# from a country of that place's theatre (`side`: "home" = the place's own country, "foe" = another
# one); `war` acts happen only in the two war theatres; `obj` is the object category; `num` how the main number
# is drawn (generate.py NUMBERS); `agree` the verb's subject when it is not the actor.
ACTS: list[dict] = [
    dict(name="strike", local=True, war=True, side="foe", weight=16, actor="force", obj="weapon", num="killed",
         verbs=[("strikes", "strike", "struck"), ("hits", "hit", "hit"), ("attacks", "attack", "attacked"),
                ("pounds", "pound", "pounded"), ("targets", "target", "targeted"), ("shells", "shell", "shelled")],
         head=["{A} {V} {P} with {O}", "{N} killed as {A} {V} {P}", "{Om} attack on {P} kills {N}",
               "{P} hit by {O}, {N} dead", "At least {N} dead in {Om} strike on {P}",
               "{A} {V} {T} in {P}, officials say", "{Om} strike on {T} in {P} leaves {N} dead",
               "{P0}: {N} killed in {Om} attack"],
         body=["{A} {Vd} {P} {D} with {O}, killing at least {N} people.",
               "At least {N} people were killed when {O} hit {P} {D}.",
               "The attack hit {aT} in {P}, according to local officials.",
               "At least {N} people were killed and {N2} wounded, {S}, {R}, said.",
               "Rescue teams were searching the rubble of {aT} in {P}.",
               "Explosions were heard across {P} {D}.", "{A} said it had targeted military facilities.",
               "Officials in {P0} said the {O} struck {aT} and nearby homes.",
               "{S} said {N2} people were being treated in hospital."],
         again=["Another {Om} attack on {P}", "{P} hit again by {O}", "Fresh strikes on {P}",
                "New {Om} attack hits {P}, {N} killed", "{A} {V} {P} for second time in a day"],
         quotes=["This was a deliberate attack on civilians", "We are still pulling people from the rubble",
                 "There was no military target anywhere near", "The enemy used {O} again",
                 "Every hour we find more victims"]),
    dict(name="intercept", local=True, war=True, side="home", weight=8, actor="force", obj="aerial", num="drones",
         verbs=[("shoots down", "shoot down", "shot down"), ("downs", "down", "downed"),
                ("intercepts", "intercept", "intercepted"), ("destroys", "destroy", "destroyed")],
         head=["Air defences {Vd} {N} {O} over {P}", "{A} says it {Vd} {N} {O} overnight",
               "{N} {O} {Vd} over {P}", "{A} {V} {N} {O} near {P}", "Overnight attack: {N} {O} {Vd}",
               "{Om} attack on {P} repelled, {N} {Vd}"],
         body=["{A} said it had {Vd} {N} {O} launched {D}.", "Air defences were active over {P} {D}.",
               "Debris from the {O} damaged {aT} in {P}, officials said.",
               "{S}, {R}, said {N} of {N2} {O} had been {Vd}.",
               "No casualties were reported in {P0}, {S} said.",
               "Residents of {P0} reported loud explosions as air defences engaged."],
         again=["Another wave of {O} over {P}", "{P} targeted again, {N} {O} {Vd}",
                "Second night of {Om} attacks on {P}"],
         quotes=["Air defences worked all night", "Most of the targets were destroyed on approach",
                 "Stay in shelters until the alert is over"]),
    dict(name="toll", local=True, war=True, side="foe", weight=0, agree="singular", actor="force", obj="weapon",
         num="killed",
         verbs=[("rises", "rise", "rose"), ("climbs", "climb", "climbed"), ("jumps", "jump", "jumped")],
         head=["Death toll in {P} {V} to {N}", "{P0} {Om} attack: toll {V} to {N}", "{N} now confirmed dead in {P}",
               "Toll from {P0} strike reaches {N}", "{P0} death toll {V} to {N} as rescuers search rubble"],
         body=["The number of people killed in the {Om} attack on {P} has risen to {N}, {S}, {R}, said.",
               "Rescuers recovered more bodies from the {T} in {P}.", "{N2} people remain in hospital.",
               "The toll from the attack on the {T} in {P0} now stands at {N}.",
               "Officials warned the number of dead could rise further."],
         again=[], quotes=["The number of victims keeps growing", "We have recovered more bodies overnight"]),
    dict(name="evacuation", local=True, war=True, side="home", weight=5, actor="gov", obj="topic", num="people",
         verbs=[("orders", "order", "ordered"), ("announces", "announce", "announced"),
                ("begins", "begin", "began")],
         head=["{A} {V} evacuation of {P}", "{N} people evacuated from {P}", "Residents told to leave {P}",
               "Evacuation under way in {P} as fighting nears", "{P0}: {N} civilians moved out"],
         body=["{A} {Vd} the evacuation of {N} residents from {P} {D}.",
               "Buses were taking families out of {P0}, {S}, {R}, said.",
               "The evacuation covers villages around {P0}.", "Fighting has intensified near {P0} in recent days.",
               "About {N} people, including {N2} children, have left {P0} so far."],
         again=["New evacuation order for {P}", "More residents leave {P}"],
         quotes=["Staying here is now too dangerous", "We urge everyone to leave while they still can"]),
    dict(name="blackout", local=True, war=True, side="home", weight=5, agree="singular", actor="civil", obj="power",
         num="homes",
         verbs=[("cuts", "cut", "cut"), ("knocks out", "knock out", "knocked out"),
                ("hits", "hit", "hit")],
         head=["Blackout in {P} after strike on {O}", "{N} homes without power in {P}",
               "Power cut across {P} as {O} damaged", "{P} plunged into darkness after attack on {O}",
               "Strike on {O} {V} power to {N} homes in {P}"],
         body=["About {N} homes in {P} were left without electricity {D}, {A} said.",
               "The strike damaged {aO} supplying {P0}.", "Repair crews were working to restore power in {P0}.",
               "{S}, {R}, said emergency schedules would apply in {P0}.",
               "Water supplies in parts of {P0} were also affected."],
         again=["Another blackout in {P}", "{P} loses power again"],
         quotes=["Engineers are working around the clock", "We ask residents to save electricity"]),
    dict(name="talks", weight=8, actor="person", obj="topic", num="hours",
         verbs=[("meets", "meet", "met"), ("holds talks with", "hold talks with", "held talks with"),
                ("sits down with", "sit down with", "sat down with")],
         head=["{A} {V} {B} in {P}", "{A} and {B} discuss {O} in {P}", "{O} on agenda as {A} {V} {B}",
               "{A} holds talks on {O}", "{A}, {B} talk {O} in {P}"],
         body=["{A} {Vd} {B} in {P} {D} to discuss {O}.", "The talks in {P0} lasted about {N} hours.",
               "{O} topped the agenda, officials said.", "{B} said the meeting had been constructive.",
               "It was their first meeting since discussions of {O} stalled."],
         again=["{A} and {B} meet again in {P}", "Second round of talks in {P}"],
         quotes=["We had a frank and useful discussion", "There is still a long way to go on {O}",
                 "We agreed to keep talking"]),
    dict(name="aid", weight=6, actor="donor", obj="goods", num="money",
         verbs=[("pledges", "pledge", "pledged"), ("announces", "announce", "announced"),
                ("sends", "send", "sent")],
         head=["{A} {V} {M} in {O} for {P}", "{A} announces new {O} package worth {M}",
               "{M} {O} package for {P} announced", "{A} to send {O} to {P}", "New aid worth {M} from {A}"],
         body=["{A} {Vd} {M} worth of {O} for {P} {D}.", "The package includes {O} and {N2} tonnes of supplies.",
               "{S}, {R}, said the first deliveries would arrive within weeks.",
               "It follows an earlier pledge of aid for {P0}.", "The money will be channelled through {B}."],
         again=["{A} adds to {O} aid for {P}", "More {O} for {P}"],
         quotes=["We will stand with the people of {P0}", "This support will save lives this winter"]),
    dict(name="sanctions", weight=4, actor="donor", obj="topic", num="entities",
         verbs=[("imposes", "impose", "imposed"), ("announces", "announce", "announced"),
                ("extends", "extend", "extended")],
         head=["{A} {V} sanctions on {N} individuals and firms", "New sanctions: {A} targets {B}",
               "{A} sanctions {N} over {O}", "{A} {V} fresh sanctions linked to {O}"],
         body=["{A} {Vd} sanctions on {N} individuals and companies {D}.",
               "The measures target {B} and its suppliers.", "Assets of those listed will be frozen.",
               "{S}, {R}, said the sanctions were a response to {O}."],
         again=["{A} widens sanctions", "More sanctions from {A}"],
         quotes=["There will be a price to pay", "We will keep up the pressure"]),
    dict(name="protest", local=True, side="home", weight=4, actor="none", obj="topic", num="crowd",
         verbs=[("rally", "rally", "rallied"), ("march", "march", "marched"),
                ("protest", "protest", "protested")],
         head=["Thousands protest in {P} over {O}", "{N} rally in {P} against {O}",
               "Protesters march through {P}", "{P0}: crowds demand action on {O}", "Protest over {O} in {P}"],
         body=["About {N} people {Vd} in {P} {D} over {O}.", "Police estimated the crowd at {N}.",
               "Organisers said the protest in {P0} was peaceful.", "{N2} people were detained, {S} said.",
               "Protesters carried banners about {O}."],
         again=["Second day of protests in {P}", "Protests resume in {P}"],
         quotes=["We will not stay silent", "The government must listen to us"]),
    dict(name="arrest", local=True, side="home", weight=4, actor="police", obj="charge", num="suspects",
         verbs=[("detains", "detain", "detained"), ("arrests", "arrest", "arrested"),
                ("holds", "hold", "held")],
         head=["{N} arrested in {P} over {O}", "{A} {V} {N} suspects in {P}", "{A} says it foiled {O} plot in {P}",
               "Suspects held in {P} on suspicion of {O}"],
         body=["{A} said it had {Vd} {N} people in {P} on suspicion of {O}.",
               "The suspects were {Vd} {D} in raids across {P0}.",
               "{S}, {R}, said the group had been under surveillance.",
               "Weapons and phones were seized during the searches."],
         again=["More arrests in {P}", "{A} {V} more suspects in {P}"],
         quotes=["The network has been neutralised", "Investigations are continuing"]),
    dict(name="warning", weight=7, actor="person", obj="topic", num="days",
         verbs=[("warns", "warn", "warned"), ("cautions", "caution", "cautioned")],
         head=["{A} {V} over {O}", "{A} sounds alarm over {O}", "{O}: {A} issues warning",
               "{A} says {O} 'cannot wait'", "{A} warns {B} over {O}"],
         body=["{A} {Vd} {D} that {O} could not be delayed.", "Speaking in {P}, {A} said time was running out.",
               "{A} gave {B} {N} days to respond.", "The remarks came after talks on {O} in {P0}."],
         again=["{A} repeats warning on {O}", "{A} again warns over {O}"],
         quotes=["We will not accept this", "The world must act on {O} now", "Time is running out"]),
    dict(name="swap", weight=3, agree="plural", actor="country", obj="topic", num="prisoners",
         verbs=[("swaps", "swap", "swapped"), ("exchanges", "exchange", "exchanged"),
                ("frees", "free", "freed")],
         head=["{A} and {B} {V} {N} prisoners", "Prisoner exchange: {N} return home",
               "{N} prisoners freed in swap between {A} and {B}", "{A} says {N} prisoners back from {B}"],
         body=["{A} and {B} {Vd} {N} prisoners of war {D}.", "The exchange was mediated by {P0}, officials said.",
               "{S}, {R}, said more swaps were planned.", "Among those freed were {N2} wounded soldiers."],
         again=["Second prisoner swap between {A} and {B}", "More prisoners exchanged"],
         quotes=["Every one of them is coming home", "We will bring everyone back"]),
    dict(name="capture", local=True, war=True, side="foe", weight=6, actor="force", obj="weapon", num="km",
         verbs=[("captures", "capture", "captured"), ("takes", "take", "took"), ("seizes", "seize", "seized")],
         head=["{A} claims capture of {P}", "{A} says its forces {Vd} {P}", "{A} {V} {P}, says defence ministry",
               "{A} advances near {P}", "Fighting for {P}: {A} claims control"],
         body=["{A} said {D} that its forces {Vd} {P}.", "The claim about {P0} could not be independently verified.",
               "{B} denied losing control of {P0}.", "{A} said its units had advanced {N} kilometres near {P0}.",
               "Heavy fighting has been reported around {P0} for weeks."],
         again=["{A} again claims {P}", "Renewed claim of advance near {P}"],
         quotes=["The enemy is retreating", "The situation around {P0} is difficult but under control"]),
    dict(name="blast", local=True, side="home", weight=4, actor="civil", obj="target", num="injured",
         verbs=[("rocks", "rock", "rocked"), ("hits", "hit", "hit"), ("tears through", "tear through", "tore through")],
         head=["Explosion at {O} in {P} injures {N}", "Blast {V} {O} in {P}", "Fire breaks out at {O} in {P}",
               "{N} hurt in {P} {O} blast", "Large fire at {O} in {P} after explosion"],
         body=["An explosion {Vd} {aO} in {P} {D}, injuring {N} people.",
               "{A} said the fire at the {O} had been contained.", "The cause of the blast in {P0} was not clear.",
               "{S}, {R}, said {N2} people had been taken to hospital."],
         again=["Second explosion in {P}", "Another blast hits {P}"],
         quotes=["The cause is being investigated", "It shook the whole neighbourhood"]),
    dict(name="visit", weight=5, actor="person", obj="topic", num="hours",
         verbs=[("visits", "visit", "visited"), ("arrives in", "arrive in", "arrived in"),
                ("travels to", "travel to", "travelled to")],
         head=["{A} {V} {P}", "{A} makes surprise visit to {P}", "{A} in {P} for talks on {O}",
               "{A} {V} {P} amid {O} row"],
         body=["{A} {Vd} {P} {D} for talks on {O}.", "The visit to {P0} had not been announced in advance.",
               "{A} was expected to meet {B} during the {N}-hour visit.", "Security in {P0} was tight."],
         again=["{A} back in {P}", "{A} returns to {P}"],
         quotes=["I came to listen", "We are here to show our support"]),
    dict(name="vote", weight=4, actor="legislature", obj="topic", num="votes",
         verbs=[("approves", "approve", "approved"), ("backs", "back", "backed"),
                ("passes", "pass", "passed")],
         head=["{A} {V} {O}", "{A} votes on {O}", "{O}: {A} {V} bill with {N} votes",
               "Lawmakers vote on {O}"],
         body=["{A} {Vd} {O} {D} with {N} votes in favour.", "{N2} members voted against.",
               "{S}, {R}, called the vote historic.", "The bill on {O} now goes to the president."],
         again=["{A} votes again on {O}", "Second vote on {O}"],
         quotes=["This is a historic decision", "We did what the country needed"]),
    dict(name="alert", local=True, war=True, side="home", weight=4, actor="gov", obj="aerial", num="hours",
         verbs=[("declares", "declare", "declared"), ("issues", "issue", "issued"),
                ("sounds", "sound", "sounded")],
         head=["Air raid alert across {P}", "Sirens in {P} over threat of {O}", "{A} {V} alert in {P}",
               "{P0} residents told to shelter as {O} approach"],
         body=["An air raid alert was {Vd} in {P} {D} over the threat of {O}.",
               "The alert in {P0} lasted more than {N} hours.", "{S}, {R}, told residents to stay in shelters.",
               "Metro stations in {P0} were opened as shelters."],
         again=["New air raid alert in {P}", "Sirens again in {P}"],
         quotes=["Do not ignore the alerts", "Go to the shelters now"]),
]

# Sentences any post may carry, unrelated to its event (cast slots are drawn anew): the
# shared background vocabulary that makes unrelated posts look alike.
EXTRAS = [
    "{S}, {R}, said separately that {O} remained a priority.",
    "Earlier, {A} reported heavy fighting near {P}.",
    "{A} has not commented.", "Air raid alerts were also declared in {P} and {P2}.",
    "It was not possible to independently verify the claims.",
    "{A} said it was monitoring the situation.",
    "The latest developments come as talks on {O} continue in {P}.",
    "Separately, officials in {P} reported damage to a {T}.",
    "{S} is due to visit {P} later this week.",
    "Reuters and AFP could not immediately confirm the report.",
    "Meanwhile, {A} said {O} would be discussed at a meeting in {P}.",
    "The region around {P} has seen repeated attacks this month.",
]

BOILERPLATE = ["Advertising", "Read more analysis on the crisis", "Sign up for our daily newsletter",
               "Skip past newsletter promotion", "Advertisement"]
JOURNALISTS = ["Maya Ellison", "Tom Whitcombe", "Nadia Farrow", "Luke Hennessy", "Ines Albright",
               "Owen Treadwell", "Sana Qureshi", "Paul Kerrigan", "Clara Voss", "Jonah Pritchard",
               "Rita Campos", "Simon Adeyemi", "Helen Markovic", "Dev Rao", "Amira Selim", "Ben Castell"]
