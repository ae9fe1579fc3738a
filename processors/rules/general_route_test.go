package rules

import "testing"

// TestRouteGeneralEvidence: the evidence added after the frozen set
// 2026-11-29b was studied (freight and foreign-language delivery words,
// charges taken again and disputes, time-outs and accessibility, going down
// or moving up a plan, size exchanges, partial deliveries and cancelling
// before dispatch, spam, vendors introducing themselves, feedback that
// reports nothing broken, praise and suggestions) must hold on tickets
// written in other voices than that set's, none of them taken from a
// labelled record.
func TestRouteGeneralEvidence(t *testing.T) {
	expectRoutes(t, NewRouter(mustDefault(t)), []routeCase{
		{"Lieferung", "Hallo, die Lieferung für unser Lager kommt nächste Woche, bitte mit Hebebühne, we have no forklift. The haulier should call first.", "shipping"},
		{"paczka", "Dzień dobry, my paczka is with the kurier since Monday and no one comes.", "shipping"},
		{"freight booking", "Our freight forwarder needs the pallet dimensions before he books the lorry.", "shipping"},
		{"second charge", "You charged again this month although we closed the shop in August. I will dispute it with Amex.", "billing"},
		{"abbuchung", "Guten Tag, die Abbuchung vom 3.11. war doppelt auf der Kreditkarte. Bitte korrigieren.", "billing"},
		{"portal timing out", "the supplier portal keeps timing out when I upload the weekly file, been like this since Tuesday", "technical"},
		{"screen reader", "One of our staff is blind and her screen reader cannot reach the menu on your booking page.", "technical"},
		{"plan", "We only have two drivers left, so we're stepping down to the smallest plan at renewal.", "account"},
		{"bigger plan", "Team grew to 40, we want to move up to Enterprise. What does that cost per seat?", "sales"},
		{"trousers", "the trousers are lovely but need a bigger size, can I swap them for a 34?", "returns"},
		{"box short", "Box arrived but only 4 of the 6 cushions were in it, packing slip says 6.", "shipping"},
		{"hold it", "Ordered the green sofa by mistake an hour ago, please stop it before it ships!", "shipping"},
		{"you won", "Dear customer, your account has been selected for an exclusive reward. Click the link to claim before midnight.", "other"},
		{"cooperation", "Hello, we are a small packaging manufacturer from Porto and would like to present our eco boxes, cheaper than your current supplier.", "other"},
		{"website", "Nothing is broken, just to let you know the German pages still show last year's opening times.", "other"},
		{"new app", "The new booking app looks great, our older members love it. Please pass our thanks on to whoever built it.", "other"},
		{"suggestion", "Suggestion: a wishlist button in the app would be handy. Just an idea, nothing urgent.", "other"},
		{"Delivery team", "Please thank the two lads who brought the fridge, they went above and beyond, took the old one too.", "other"},
	})
}
