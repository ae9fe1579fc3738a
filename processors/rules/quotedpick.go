package rules

import (
	"strconv"
	"strings"

	"github.com/triage/triage/processors"
)

// Which quoted items a reply orders, and in what quantities (see
// resolveQuoted).

// changeQuantities applies the reply's "N instead of M" to the one picked
// item whose quoted quantity is M ("same as your offer but 50 instead of
// 40 of the tea lights"); when no item or several have M, nothing changes.
func changeQuantities(picked []processors.Item, text string) {
	for _, m := range instead.FindAllStringSubmatch(text, -1) {
		to, _ := strconv.Atoi(m[1])
		from, _ := strconv.Atoi(m[3])
		at := onlyOne(picked, func(it processors.Item) bool { return it.Quantity == from })
		if at >= 0 && to > 0 {
			picked[at].Quantity = to
		}
	}
}

// pick returns the quoted items the reply orders: those it names by a word
// that sets them apart from the other items, or all when it names none or
// when every is set (a repeat: "same again, but double the forks" names
// the forks only to scale them); less those a declining clause names.
func pick(items []quotedItem, r reply, every bool) []quotedItem {
	common := commonWords(items)
	named, out := false, []quotedItem{}
	score := make([]int, len(items))
	for i, it := range items {
		for w := range r.refs {
			if it.words[w] && !common[w] {
				score[i]++
			}
		}
		named = named || score[i] > 0 && !every
	}
	for i, it := range items {
		declined := false
		for _, d := range r.declines {
			for w := range d {
				declined = declined || it.words[w] && !common[w]
			}
		}
		if !declined && (!named || score[i] > 0) {
			out = append(out, it)
		}
	}
	return out
}

// fromPriceLines builds the items of priced quoted lines without a
// quantity. A line the reply names by words found on it ("2 of the walnut
// boards" below "the walnut serving boards, EUR 45.00 each") has for its
// product the reply's longest run of such words; several lines named
// ("yes to the hose and the gauge, one of each") are one item each, less
// those a declining clause names. An item's quantity is the one its
// naming clause gives, else the reply's when one line is named, else 1.
// When the reply names none but takes them all ("I'll take both"), every
// line whose name was read is one of each.
func fromPriceLines(priced []quotedItem, r reply) []processors.Item {
	var out []processors.Item
	best, bestRun := -1, ""
	for i, q := range priced {
		run, k := r.runIn(q.words)
		if run == "" || r.declinesLine(q.words) {
			continue
		}
		if len(run) > len(bestRun) {
			best, bestRun = i, run
		}
		if !ownWord(run, priced, i) {
			continue // named only by words other lines have too ("planters")
		}
		it := processors.Item{Product: run, Quantity: 1, UnitPrice: q.price, Origin: processors.OriginQuoted}
		if k >= 0 && r.runQty[k] > 0 {
			it.Quantity = r.runQty[k]
		}
		out = append(out, it)
	}
	if len(out) == 0 && best >= 0 {
		q := priced[best] // the line named best, though by shared words
		out = append(out, processors.Item{Product: bestRun, Quantity: 1, UnitPrice: q.price, Origin: processors.OriginQuoted})
	}
	switch {
	case len(out) == 1:
		out[0].Quantity = max(r.qty, 1)
	case len(out) == 0 && r.all:
		for _, q := range priced {
			if q.name != "" {
				out = append(out, processors.Item{Product: q.name, Quantity: 1, UnitPrice: q.price, Origin: processors.OriginQuoted})
			}
		}
	}
	return out
}

// ownWord says whether a run of words holds one that only line i of qs
// has.
func ownWord(run string, qs []quotedItem, i int) bool {
	for _, w := range strings.Fields(run) {
		w, own := stem(w), true
		for j, q := range qs {
			own = own && (j == i || !q.words[w])
		}
		if own {
			return true
		}
	}
	return false
}

// commonWords are the stems every quoted line has, when there are two or
// more; they name no line in particular.
func commonWords(qs []quotedItem) map[string]bool {
	common := map[string]bool{}
	if len(qs) < 2 {
		return common
	}
	for w := range qs[0].words {
		common[w] = true
		for _, q := range qs[1:] {
			common[w] = common[w] && q.words[w]
		}
	}
	return common
}

// scaleItems applies the reply's factors: each to the items whose
// product a scale's clause names, or to all when it names none. An item
// two scales reach takes the larger factor, not their product ("same
// again x2 … so double everything" doubles).
func scaleItems(picked []processors.Item, scales []scale) {
	by := make([]int, len(picked))
	for _, s := range scales {
		hit := make([]bool, len(picked))
		any := false
		for i, it := range picked {
			hit[i] = overlap(content(words(it.Product)), s.refs) > 0
			any = any || hit[i]
		}
		for i := range picked {
			if hit[i] || !any {
				by[i] = max(by[i], s.by)
			}
		}
	}
	for i := range picked {
		if by[i] > 1 {
			picked[i].Quantity *= by[i]
		}
	}
}

// mergeOwn adds to the quoted items a reply takes wholesale the items of
// its own text: one that names a single quoted item sets that item's
// quantity ("yes to both, but 30 chairs"), or adds to it when the reply
// adds ("same again, and 10 more lids"); one that names none is added
// ("and 2 cables too").
func mergeOwn(picked, own []processors.Item, add bool) []processors.Item {
	for _, o := range own {
		ws := content(words(o.Product + " " + o.SKU))
		at := onlyOne(picked, func(it processors.Item) bool { return overlap(ws, stemSet(words(it.Product+" "+it.SKU))) > 0 })
		switch {
		case at >= 0 && add:
			picked[at].Quantity += o.Quantity
		case at >= 0:
			picked[at].Quantity = o.Quantity
		case at == -1:
			picked = append(picked, o)
		}
	}
	return picked
}

// addTo adds each amount to the one picked item its clause names ("same
// again pls. lids add 10 more"); an amount that names none or several is
// left out.
func addTo(picked []processors.Item, adds []scale) {
	for _, a := range adds {
		if at := onlyOne(picked, func(it processors.Item) bool { return overlap(content(words(it.Product)), a.refs) > 0 }); at >= 0 {
			picked[at].Quantity += a.by
		}
	}
}

// onlyOne returns the index of the one item match holds for: -1 when
// none does, -2 when several do.
func onlyOne(items []processors.Item, match func(processors.Item) bool) int {
	at := -1
	for i, it := range items {
		if match(it) {
			if at >= 0 {
				return -2
			}
			at = i
		}
	}
	return at
}
