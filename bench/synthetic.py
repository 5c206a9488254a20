"""Synthetic newsroom content for benchmarks: plausible English news prose, names and tags.

Pure Python, no database: `bench/generate.py` turns this into rows. Everything is drawn from
one seeded `random.Random`, so the same seed gives the same archive. Sentences are built
once into a pool and bodies are sampled from it, which is what makes 100,000 stories of
600-1,500 words cheap to produce.

Everything a reader could mistake for real news carries a marker: headlines start with
SYNTHETIC_PREFIX and bios, captions and section descriptions say so in words.
"""

import re
from html import escape

SYNTHETIC_PREFIX = "Synthetic: "
SYNTHETIC_NOTE = "Synthetic content generated for benchmarking; not real news."

FIRST_NAMES = """
Ada Adebayo Aiko Alejandro Amara Amir Ana Anders Ang Anika Arjun Astrid Ayesha Beatriz Ben
Bilal Camila Carlos Chen Chiara Chloe Daniel Dara David Diego Dmitri Elena Elif Emeka Emma
Fatima Felix Freya Gabriel Grace Hana Hassan Helen Hiroshi Ibrahim Ines Isaac Ivan Jae-won
James Jin Joao Jonas Julia Kamal Karin Kenji Kim Kofi Lars Layla Leila Liam Lin Lucia Luis
Maria Marta Mateo Mei Min-jun Mira Mohammed Nadia Naveen Nia Nikolai Noah Nour Olga Omar
Pablo Paolo Priya Rafael Rania Ravi Rosa Ruth Sakura Samuel Sara Seo-yeon Sofia Sun-hee
Tariq Tomas Valentina Victor Wei Yara Yusuf Zainab Zofia
""".split()

LAST_NAMES = """
Abe Adeyemi Ahmed Alvarez Andersen Bae Bakker Banerjee Becker Bianchi Brown Carter Castro
Chen Cho Costa Cruz Dahl Das Diallo Dubois Eriksson Fischer Fernandes Garcia Gomez Gupta
Haddad Hansen Hoang Hosseini Ibrahim Ito Ivanova Jang Jensen Johnson Kang Kaur Khan Kim
Kowalski Kumar Lee Lehmann Lim Lopez Mahmoud Martin Mendes Moreau Mori Muller Murphy Nakamura
Nguyen Novak Obi Okafor Oliveira Park Patel Perez Petrov Popescu Rahman Reyes Rossi Sato
Schmidt Seo Shah Silva Singh Smith Sokolov Suzuki Tanaka Torres Tran Tsai Volkov Wang Watanabe
Weber Wilson Wong Yamamoto Yang Yilmaz Yoon Zhang Zhou
""".split()

CITIES = """
Seoul Busan Tokyo Osaka Beijing Shanghai Taipei Manila Jakarta Hanoi Bangkok Singapore Delhi
Mumbai Karachi Dhaka Tehran Istanbul Ankara Cairo Lagos Nairobi Accra Johannesburg Addis-Ababa
Casablanca Madrid Lisbon Paris Lyon Brussels Amsterdam Berlin Hamburg Warsaw Prague Vienna
Budapest Rome Milan Athens Stockholm Oslo Helsinki Copenhagen Dublin London Manchester Kyiv
Minsk Vilnius Riga Tallinn Moscow Almaty Tashkent Ulaanbaatar Sydney Melbourne Auckland Toronto
Montreal Vancouver Chicago Boston Houston Denver Atlanta Seattle Mexico-City Bogota Lima
Santiago Buenos-Aires Sao-Paulo Havana
""".split()

SECTIONS = [
    ("National", "national"),
    ("World", "world"),
    ("Politics", "politics"),
    ("Business", "business"),
    ("Economy", "economy"),
    ("Diplomacy", "diplomacy"),
    ("Technology", "technology"),
    ("Science", "science"),
    ("Health", "health"),
    ("Culture", "culture"),
    ("Sports", "sports"),
    ("Opinion", "opinion"),
]

JOB_TITLES = [
    "Reporter",
    "Senior reporter",
    "Staff writer",
    "Correspondent",
    "Diplomatic correspondent",
    "Business editor",
    "Political reporter",
    "Science writer",
    "Culture critic",
    "Sports reporter",
    "Columnist",
    "Data reporter",
    "Publisher",
]

SUBJECTS = [
    "The city council",
    "The finance ministry",
    "The central bank",
    "Union leaders",
    "Opposition lawmakers",
    "The health ministry",
    "Local residents",
    "The transport authority",
    "A coalition of business groups",
    "The foreign ministry",
    "Regional officials",
    "The national statistics office",
    "Hospital administrators",
    "Environmental campaigners",
    "The education board",
    "Prosecutors",
    "The port authority",
    "Farmers' associations",
    "The ruling party",
    "Independent analysts",
    "The embassy",
    "The electricity regulator",
    "Shareholders",
    "University researchers",
    "The football federation",
    "Museum curators",
    "Police",
    "The housing agency",
]

VERBS = [
    "approved a plan to",
    "rejected a proposal to",
    "said it would",
    "is expected to",
    "voted on Tuesday to",
    "announced plans to",
    "warned that it may have to",
    "has been under pressure to",
    "agreed in principle to",
    "postponed a decision on whether to",
    "signalled it was ready to",
    "pledged to",
    "refused to rule out moves to",
    "is considering whether to",
    "unveiled a proposal to",
]

OBJECTS = [
    "expand the rail network",
    "raise interest rates",
    "cut carbon emissions by 2030",
    "build 20,000 affordable homes",
    "review the budget for next year",
    "extend opening hours at public clinics",
    "renegotiate the trade agreement",
    "tighten rules on short-term rentals",
    "increase funding for rural schools",
    "reopen the historic market",
    "cap energy prices for households",
    "modernise the water supply",
    "restore direct flights between the two capitals",
    "simplify the tax code for small firms",
    "protect wetlands along the coast",
    "hire more nurses and midwives",
    "upgrade the ageing power grid",
    "hold a public inquiry into the collapse",
    "open a new cultural centre",
    "ease visa requirements for students",
    "fund research into battery recycling",
    "widen access to broadband in villages",
    "host the regional summit next spring",
    "tackle rising youth unemployment",
]

CLAUSES = [
    "despite objections from neighbouring districts",
    "after months of negotiations",
    "according to documents seen by reporters",
    "in a move welcomed by business leaders",
    "amid growing concern over costs",
    "following a series of public hearings",
    "as inflation continued to ease",
    "ahead of elections next year",
    "after a review ordered last spring",
    "in response to a petition signed by thousands",
    "though details remain unclear",
    "with support from both main parties",
    "as part of a wider reform package",
    "after a sharp fall in exports",
    "in the face of strong local opposition",
    "under a deal struck late on Monday",
]

TIMES = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "over the weekend",
    "earlier this week",
    "last month",
    "late on Sunday",
    "this morning",
]

SPEAKERS = [
    "a spokesperson for the ministry",
    "the mayor",
    "a senior official",
    "the union's general secretary",
    "a local shop owner",
    "an economist at a Seoul think tank",
    "the committee chair",
    "a hospital director",
    "the ambassador",
    "a retired teacher",
    "the company's chief executive",
    "a researcher who studies the sector",
]

SAYING = ["said", "told reporters", "said in a statement", "wrote in a report", "told the paper"]

QUOTES = [
    "We have listened carefully, and this is the responsible way forward",
    "Nobody should pretend this will be easy or cheap",
    "The numbers simply do not add up yet",
    "It is a good first step, but people want to see results",
    "We will keep working with our partners until the job is done",
    "This has been a difficult year for many families",
    "There is no quick fix, and we have never promised one",
    "The evidence points clearly in one direction",
    "Our members are ready to talk, but not at any price",
    "We owe it to the next generation to get this right",
    "I think the public understands what is at stake",
    "These decisions are never taken lightly",
]

DETAILS = [
    "The measure would cost an estimated {n} million over five years.",
    "About {n} percent of respondents said they supported the change.",
    "The project has already been delayed {k} times since it was first proposed.",
    "Officials said the first phase could begin within {k} months.",
    "Figures released {time} showed a {n} percent rise compared with a year earlier.",
    "Some {n},000 people are expected to be affected.",
    "The committee will meet again in {k} weeks to review progress.",
    "Critics noted that a similar plan was abandoned {k} years ago.",
    "The proposal still needs approval from the national assembly.",
    "Turnout at the public meetings was higher than organisers had expected.",
    "Several smaller groups have asked for more time to study the details.",
    "The agency did not respond to a request for comment.",
]

QUESTIONS = [
    "How would you describe the relationship between the two countries today?",
    "What are your main priorities for the coming year?",
    "What has surprised you most since you arrived?",
    "Where do you see the greatest potential for cooperation?",
    "How are ordinary people affected by these changes?",
    "What would you say to critics of the plan?",
    "Which sectors are attracting the most investment?",
    "How do you plan to measure success?",
    "What role do young people play in this?",
    "What is the biggest misunderstanding about your work?",
]

# Story-specific sentences: they give each story its own place, topic and people, so search
# terms are spread like real news (a surname or a city matches few stories, "housing" many).
LOCAL_SENTENCES = [
    "In {place}, the debate over {topic} has dominated local politics for months.",
    "{person} said the {topic} proposal would be reviewed again before the end of the year.",
    "Residents of {place} have long complained about {topic}, according to a recent survey.",
    "New figures on {topic} in {place} were published {time}.",
    "“People in {place} are tired of waiting,” {person} said.",
    "{person}, who has followed {topic} for two decades, urged caution.",
    "Officials in {place} declined to say when a decision on {topic} would be made.",
    "The row over {topic} is the latest test for the authorities in {place}.",
]

SUBHEADS = [
    "What happens next",
    "A long road",
    "Reaction",
    "The numbers",
    "Background",
    "Mixed feelings",
    "Looking ahead",
    "Costs and benefits",
]

TAG_PLACES = CITIES
TAG_TOPICS = """
housing transport elections budget trade energy climate health education tourism jobs
inflation startups football baseball film music festivals museums diplomacy defence farming
fisheries shipping aviation rail roads water broadband courts police migration pensions
taxes banking markets exports semiconductors batteries steel retail restaurants heritage
wildlife weather floods earthquakes universities hospitals nursing research space robotics
cinema theatre literature fashion design architecture parks cycling marathon swimming tennis
golf chess esports media privacy cybersecurity ai telecoms ports tolls bridges tunnels metro
buses taxis airports visas embassies summits sanctions aid charities volunteers elderly
children youth women labour unions strikes wages rents mortgages
""".split()

_WORD = re.compile(r"\S+")


def person_name(rng):
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def tag_names(count):
    """`count` distinct, plausible tag names ("Seoul housing", ...), most general first."""
    names = list(TAG_TOPICS)
    for place in TAG_PLACES:
        for topic in TAG_TOPICS:
            names.append(f"{place.replace('-', ' ')} {topic}")
    if count > len(names):
        raise ValueError(f"Only {len(names)} distinct tag names are available, not {count}.")
    return names[:count]


class ProseGenerator:
    """Bodies, headlines and decks assembled from a pool of pre-built sentences."""

    def __init__(self, rng, pool_size=6000):
        self.rng = rng
        self.sentences = [self._sentence() for _ in range(pool_size)]
        self.sentence_words = [len(_WORD.findall(s)) for s in self.sentences]

    def _sentence(self):
        rng = self.rng
        shape = rng.random()
        if shape < 0.45:
            text = (
                f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                f"{rng.choice(CLAUSES)}."
            )
        elif shape < 0.7:
            text = (
                f"“{rng.choice(QUOTES)},” {person_name(rng)}, {rng.choice(SPEAKERS)}, "
                f"{rng.choice(SAYING)}."
            )
        elif shape < 0.9:
            text = rng.choice(DETAILS).format(
                n=rng.randint(2, 95), k=rng.randint(2, 9), time=rng.choice(TIMES)
            )
        else:
            text = (
                f"{rng.choice(SUBJECTS)} {rng.choice(SAYING)} {rng.choice(TIMES)} that it "
                f"would {rng.choice(OBJECTS)}."
            )
        return escape(text, quote=False)

    def headline(self):
        rng = self.rng
        verb = rng.choice(
            ["to", "set to", "poised to", "urged to", "in talks to", "under pressure to"]
        )
        subject = rng.choice(SUBJECTS).removeprefix("The ").removeprefix("A ")
        return f"{SYNTHETIC_PREFIX}{subject[0].upper()}{subject[1:]} {verb} {rng.choice(OBJECTS)}"

    def deck(self):
        return self.sentences[self.rng.randrange(len(self.sentences))]

    def _paragraph_sentences(self, words_left, local):
        picked, words = [], 0
        for _ in range(self.rng.randint(2, 4)):
            if self.rng.random() < 0.2:
                sentence = self.rng.choice(LOCAL_SENTENCES).format(
                    time=self.rng.choice(TIMES), **local
                )
                picked.append(escape(sentence, quote=False))
                words += len(sentence.split())
            else:
                index = self.rng.randrange(len(self.sentences))
                picked.append(self.sentences[index])
                words += self.sentence_words[index]
            if words >= words_left:
                break
        return " ".join(picked), words

    def body(self, interview=False, place="Seoul", topic="housing", person="Kim Park"):
        """600-1,500 words of clean HTML that the body sanitiser leaves unchanged."""
        rng = self.rng
        local = {"place": place.replace("-", " "), "topic": topic, "person": person}
        target = rng.randint(600, 1440)  # paragraphs overshoot by a sentence or two
        parts, words = [], 0
        while words < target:
            roll = rng.random()
            if interview and roll < 0.3:
                question = rng.choice(QUESTIONS)
                parts.append(f'<p class="question">{escape(question, quote=False)}</p>')
                words += len(question.split())
                text, count = self._paragraph_sentences(target - words, local)
                parts.append(f'<p class="answer">{text}</p>')
            elif roll < 0.04 and parts:
                subhead = rng.choice(SUBHEADS)
                parts.append(f"<h2>{subhead}</h2>")
                count = len(subhead.split())
            elif roll < 0.07 and parts:
                quote = rng.choice(QUOTES)
                parts.append(f'<blockquote class="pull-quote"><p>{quote}.</p></blockquote>')
                count = len(quote.split())
            else:
                text, count = self._paragraph_sentences(target - words, local)
                parts.append(f"<p>{text}</p>")
            words += count
        parts.append(f"<p><em>{SYNTHETIC_NOTE}</em></p>")
        return "".join(parts)


PHOTO_SUBJECTS = [
    "A harbour at dusk",
    "Commuters crossing a city square",
    "A council chamber during a vote",
    "Solar panels on a factory roof",
    "A crowded market street",
    "A rail bridge over a river",
    "A stadium before kick-off",
    "Delegates arriving at a summit",
    "A hospital corridor",
    "Rice fields after the harvest",
    "A museum gallery",
    "Container cranes at a port",
]


def photo_jpeg(rng, index, width=1600, height=1000):
    """A real JPEG drawn with Pillow: a gradient sky, a skyline and a visible SYNTHETIC label."""
    import io

    from PIL import Image, ImageDraw, ImageFont

    top = tuple(rng.randint(40, 200) for _ in range(3))
    bottom = tuple(rng.randint(0, 120) for _ in range(3))
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(t * (1 - mix) + b * mix) for t, b in zip(top, bottom, strict=True)),
        )
    x = 0
    while x < width:
        building_width = rng.randint(60, 180)
        building_height = rng.randint(height // 5, height * 3 // 5)
        shade = rng.randint(20, 90)
        draw.rectangle(
            [x, height - building_height, x + building_width, height],
            fill=(shade, shade, shade + 10),
        )
        x += building_width + rng.randint(0, 20)
    font = ImageFont.load_default(size=64)
    draw.text((60, 60), f"SYNTHETIC BENCHMARK IMAGE {index + 1}", fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()
