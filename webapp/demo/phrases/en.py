"""What a rep writing English writes in the demo: personal topics (title, follow-up
question, a sentence for a note with "{name}"), the sentences of a visit note and promises."""

PHRASES = {
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
        "Checked stock with the warehouse manager; valves and fittings will last until spring.",
        "They are planning a new workshop hall and asked for a layout proposal.",
        "Delivered the samples; they will test the seals on the press line.",
        "The new production manager was there; introduced ourselves and the service agreement.",
        "Pressure tests on the cooling system went well.",
        "Discussed prices for next year; they want an answer before Christmas.",
        "A leaking pump on the boiler circuit; a replacement is ordered.",
        "They would like to order online and asked about our web shop.",
        "Went through last quarter's orders and the open deliveries.",
        "The budget for next year is tight, so the big order may wait.",
        "Looked at energy savings in the ventilation; they want the figures in writing.",
        "A busy day at their end, so a quick coffee and a look at the order list.",
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
}
