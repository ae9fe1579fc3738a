package rules

// evidence is what an order decision rests on.
type evidence struct {
	pos, neg   float64 // order and non-order cue scores
	margin     float64 // order score minus the threshold
	items      int     // items read
	marked     bool    // every item's quantity is marked ("3 x", a unit word, a table column)
	structural bool    // an order by its shape alone (a bare list, a terse note), with no cue
}

// confidence says how sure the decision isOrder is, in [0,1]; below 0.5
// means unsure:
//
//   - not an order, nothing read and nothing cued: 0.8 (an attachment or a
//     quoted offer may still hold an order the rules cannot see);
//   - not an order although cued, with no item read: 0.35;
//   - not an order although items were read: 0.5 up to 0.9 as the cues
//     against it grow;
//   - an order by its shape alone (no cue): 0.45 for a bare list, 0.4 for a
//     terse note;
//   - an order on cues: 0.5 up to 1 as the margin grows, times 0.8 when a
//     non-order cue (a hedge, a question, a complaint) is present too and
//     times 0.85 when some quantity is unmarked prose ("we'd like sixty
//     lanterns").
func (e evidence) confidence(isOrder bool) float64 {
	d := e.margin
	if d < 0 {
		d = -d
	}
	switch {
	case !isOrder && e.items == 0 && e.pos == 0:
		return 0.8
	case !isOrder && e.items == 0:
		return 0.35
	case !isOrder:
		return 0.5 + 0.4*d/(d+2)
	case e.structural && e.items >= minBareList:
		return 0.45
	case e.structural:
		return 0.4
	}
	c := 0.5 + 0.5*d/(d+2)
	if e.neg > 0 {
		c *= 0.8
	}
	if !e.marked {
		c *= 0.85
	}
	return c
}

// allMarked reports whether every item's quantity is marked.
func allMarked(items []lineItem) bool {
	for _, it := range items {
		if !it.markedQty() {
			return false
		}
	}
	return len(items) > 0
}

// markedQty reports whether the item's quantity is marked by more than a
// number word: "3 x", "x 40", a unit word, a key, a table column.
func (it lineItem) markedQty() bool { return it.marked && !it.spelled }

// anyScaled says whether an item's quantity was worked out per unit.
func anyScaled(items []lineItem) bool {
	for _, it := range items {
		if it.scaled {
			return true
		}
	}
	return false
}
