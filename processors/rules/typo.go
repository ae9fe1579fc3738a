package rules

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// speller corrects words of a text towards the vocabulary of a rules file:
// one typo (a deleted, inserted or replaced letter, or two swapped
// neighbours). It is deliberately timid, because a wrong correction turns an
// ordinary English word into a cue ("willing" -> "billing", "contact" ->
// "contract"): only words of at least minTypoLen letters are touched, only
// words outside the vocabulary that are not inflections of it, and never a
// word that is itself English (see english). Words run together are not
// split. The router does not ask it about words it knows to be in the
// vocabulary, and it caches its answers (fixCache); it is safe for
// concurrent use.
type speller struct {
	vocab   map[string]bool
	deletes map[string][]string // word or word with one letter deleted -> vocabulary words
	maxLen  int                 // longest vocabulary word, in runes
	cache   *fixCache
}

// minTypoLen is the shortest word corrected for a typo; shorter words are
// too easily confused with other real words. minTargetLen is the shortest
// vocabulary word a typo is corrected to (one letter may have been dropped).
const (
	minTypoLen   = 6
	minTargetLen = minTypoLen - 1
)

func newSpeller(vocab map[string]bool) *speller {
	sp := &speller{vocab: vocab, deletes: map[string][]string{}, cache: newFixCache()}
	for w := range vocab {
		if utf8.RuneCountInString(w) < minTargetLen || !allLetters(w) {
			continue
		}
		sp.maxLen = max(sp.maxLen, utf8.RuneCountInString(w))
		sp.deletes[w] = append(sp.deletes[w], w)
		for _, d := range deletions(w) {
			sp.deletes[d] = append(sp.deletes[d], w)
		}
	}
	for k, ws := range sp.deletes {
		sort.Strings(ws)
		sp.deletes[k] = ws
	}
	return sp
}

// fix returns the correction of w, or "" to keep it. Words too short or too
// long to be a typo are answered at once; the answers for the others are
// cached. It is safe for concurrent use.
func (sp *speller) fix(w string) string {
	// A typo is one letter away from a vocabulary word, so a longer word
	// (a 1 MB run of letters, say) is never one: skipping it keeps the work
	// linear in the text.
	if len(w) < minTypoLen || len(w) > 4*(sp.maxLen+1) { // bytes: 1 to 4 a rune
		return ""
	}
	fixed, ok := sp.cache.get(w)
	if !ok {
		if n := utf8.RuneCountInString(w); n >= minTypoLen && n <= sp.maxLen+1 && !sp.vocab[w] {
			fixed = sp.fixUnknown(w)
		}
		sp.cache.put(w, fixed)
	}
	return fixed
}

// fixUnknown returns the correction of a word outside the vocabulary, or ""
// to keep it.
func (sp *speller) fixUnknown(w string) string {
	if !allLetters(w) || sp.inflected(w) || english[w] {
		return ""
	}
	rs := []rune(w)
	for i := 0; i+1 < len(rs); i++ { // swapped neighbours
		rs[i], rs[i+1] = rs[i+1], rs[i]
		if s := string(rs); sp.vocab[s] {
			return s
		}
		rs[i], rs[i+1] = rs[i+1], rs[i]
	}
	best := ""
	consider := func(cands []string) {
		for _, c := range cands {
			if (best == "" || c < best) && utf8.RuneCountInString(c) >= minTargetLen && editDistance1(w, c) {
				best = c
			}
		}
	}
	consider(sp.deletes[w])
	for _, d := range deletions(w) {
		consider(sp.deletes[d])
	}
	return best
}

// inflected reports whether w is a vocabulary word plus a common English
// ending ("invoices", "charged"): a real word, not a typo.
func (sp *speller) inflected(w string) bool {
	for _, end := range []string{"s", "es", "d", "ed", "ing", "ly"} {
		if stem, ok := strings.CutSuffix(w, end); ok && sp.vocab[stem] {
			return true
		}
	}
	return false
}

// deletions returns w with each one of its letters deleted.
func deletions(w string) []string {
	out := make([]string, 0, len(w))
	for i, r := range w {
		out = append(out, w[:i]+w[i+utf8.RuneLen(r):])
	}
	return out
}

// editDistance1 reports whether a and b differ by exactly one inserted,
// deleted or replaced letter.
func editDistance1(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if len(ra) == len(rb) {
		return i < len(ra) && string(ra[i+1:]) == string(rb[i+1:])
	}
	return string(ra[i+1:]) == string(rb[i:])
}

func allLetters(w string) bool {
	return w != "" && strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
}

// english holds real English words that lie one typo away from a term of the
// shipped rules files (default, bitext, curekart): "looked" is not a typo of
// "locked", nor "willing" of "billing". It was generated from a full English
// word list (wamerican) by taking every word of at least minTypoLen letters
// within one edit or swap of a vocabulary word; regenerate it when those
// files gain long terms. Other rules files are still protected by the length
// limit and the inflection check.
var english = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(englishNearTerms) {
		m[w] = true
	}
	return m
}()

const englishNearTerms = `
accented accenting account accounts acquired acquires adders addles addling address addressed
addressee addressees admins adores advent adverb advertisements adverts advise affect affects agents
aiding ailing airing alerts alloyed amounts androids anneal annuals anther apathetic apples applies
aright arrant arrivals arrive arrived arrives article articles assets assistants assists associate
associates authorize authorized authorizes aversion awaiting backed backups baffle bailed bailing
baiting baking balanced balances balking balled balling banded barked barrier basics bassist bating
baying beached beings belated belayed belled belling bender bending bequest bights bilked bilking
billboards billet billings blacked blacks blanks blocked blogging boarder bogging bolder boosts
border bordered bordering borders bother bounded brains brainy breach breached breaks breezes bright
brinks brochures broker browner browse browsed browser browsers browses bucking bulging bulled
bulling bunking buoying burying bushiness busing busying busyness buttons cabling cached caches
cachet caking calking callings calming calving cancelation canceling cancellation cancellations
cancelling cancels cancer candling cannon canter careen careers carried carriers carries carver
cashes cashing castes catalogs catalogued cataloguer catalogues causes caving ceases censer center
centers cervices cessions chance chancel chancing change changed changes chanting charge charged
charger chargers charges charging charily charmed charred charted charts chases chattered cheating
checkouts chinking chipped chipping chopping chromed chromes clacked claims clanging clarity
clashing cleave clients clocked clogging cloning closed closer closes closet cloying coaling cocked
codify coffer coffers coiling collaborate collars colleague colleagues collections commend comments
compared compares compensate complain complains complaint complaints complement compliant
compliments compromise compromises condole confection congratulations connecter connections
connectors connects consents consignments consoled consoles consume consumed consumers consumes
contact contacts contends content contests contexts contract contracts contrast contrasts convection
convents cooing cooking cooping corking coupons couriers courser courtier cowling cracker cracking
crackled cranked crating creaking creaming crease creasing created creates creating creative
credential credits cremate cremating cresting cricked crocked crushing culling curfews curing curlew
currant currents custom customers customs dafter damage damages dandling dapple daring dashboards
dating daylights deactivated deactivates deader deafer dealers dealerships dearer dearly debate
debated debits debuted decayed deceive deceived deceiving declamation decline declines decode
decoded decodes deduced deeded defeat defectives defects deflect deject dejected delays deleted
deletes deliver deliverer delivers delivery deplete depleting deport depots derails describe
describes descried desktops despatch despot destinations destitution detail detains detect detective
differences dipped directs direst discount discounts dismount dismounts dissatisfy dissing
distributors doable docked dogging dollar donated donates donations dormer doubled doubles doublet
doubly downer downloads dripped drowse duality duding dumbbell dumbbells dumber duping duplicated
duplicates eating educations effect effected effecting effects eights ejected elated emailing emails
emerge employe employed employee employees employer employers employes empress enable encoring
ending enterprises enters equality errors especial estimate estimates evacuating exceptions
exchanged exchanges executives exempts exhort exiting expansive expects expert expire expiry exports
extensive extort fabled factors factory faculty failing failings fainer faking falling fallowed
fallowing farmer fating fatness faults featured features feller fender fending fights filing filings
filled filling filming fining finises finished finisher finishers firing firmer fixing flailed
flailing flails flocked flogging foaming fogging foiled foiling followings fooling forger forget
forking formed founder founds fracked fracking franchised franchisee franchiser franchises frauds
freeze freezer freezers friezes fright frights fronts functions funded fusing gadding gained gaiter
galling garner gateways gating gender generated generates germination goading goggle goings googled
googles goring grating grayed greats greyer gripped guaranteed guarantees guests guying hacker
hailed hailing hairball hallowed hampered handing handled hanged hanging happenings haring harked
hating having hawked haying headquarter healer health heeded height heights hiding hieing hiking
hipped hipping hissing hither hiving hocked hogging hollowing homebody hooping hopping hounded
housed houses hulking humane humans ideals identify impart imparting imports improved improves
impunity incite incites inciting included includes increased increases infernal inline insider
insides interests interj internals internationals interne interned internee internes interneship
interns internships inters interval interviews invitations invite invited invites invoiced invoices
issued issues jacked jailed jailing jingle jogging journalism journalists junction kicking killed
killing kissing labels lacked lading lagging lamest landed larked lasting latent lather latter
laxest laying leached leading leaved leaven leaves ledgers ledges legging lender lending licence
licenced licences license licensed licensee licensees licenses licked licking lifestyles lifting
lights lilting limits linting lisping listings loafing loaning locations locked locker lockers
locket locution lodged lodger lodges lodging logins longing looked looking looming loosed loosen
looser looses loosing looting loping lopping lording losing lucked lugging lumber luring lusting
magazines mailed mailing mailings maiming making mandated mandates marker market marred mashed
masked massing mating mauling measure measured medicines meekly mender mending merged merger merges
messing method methods milled milling mingle minimums miring miscount miscounts mistaken mistakes
misting misusing mocked mocker models modems modest monkey months moralities mortal mother mounded
multivitamins muscled muscles musing mussing mutton nailed nailing narked nearly needled networks
newsletters newspapers nicking nieces nigher nights nipped nonprofits noshing notching nothings
notification notifications noting notwork numbed numbers offers officer offices oiling opener
openings operators opined opining opinions option orating orderings orders original originals others
outages outrage outsider outsides outsize overcharge oversees owners pacing package packaged
packages packed packing padding paging paining painter palace paling palling pampered parcels paring
parked parson particle particles partners partnerships passwords paving pawing payment payments
peaking pearly pecking penalty pending peopled peoples performances periods permission persona
personae personals persons phoned phones phoney pickings pickling pickups pieced pierces piking
piling pilled pilling pinion pinking pinning pipped pissing placed placer places plaice plains
planes planks plants playing plugins plying pocked pocking podcasts pointer points pointy police
polity pooling pooping portal portals position positrons postal potions pottery pounded prating
praying preach preached precious prefer premiums prepays preppy preset presume preview preyed priced
prices pricey pricking pricks prides priding primes priming prince princes printed printers prized
prizes prizing problems produce produces product products professing profiled profiles profits
programmed programmer programmes programs projects promos proofs proposed proposer proposes prorate
protean protect proteins provide provided providers provides prying purchase purchased purchaser
purchasers purchases purvey qualify questionnaires quotations quoted quotes racing racked racking
raffled raffles rafter rafting raging railed railing raining raking ranting raping rapped raring
ratings ratting raving razing reaches reacted reactivate realer reaming rebated rebates rebook
receipts receive received receiver receives reclined recognize recognized recognizer recognizes
recommends recovers recovery redirect redirects reefer referral referrals refers refunds regains
registers registrations reimbursed reimbursements reimburses relate relates relaxed relayed relieve
relocate remain remembers remote removed remover removes render rending reneged renewals renews
renter repaid repairs replaced replacements replaces reported reporters representatives reprieve
requests require requires requited resent resets resistances resister restart restarts restating
restored restorer restores resumed resumes retails retain retched retrieved retriever retrieves
returnee returns reveller revere revered reveres reverie reverse reversed reverses reverted reviews
ricing ricking riffle rights riling ripper rippled risible roached roaring rocked rocker rooming
rooter roster rounded routed routes ruffle sables sacked safaris sailed sailing salves salving
sample sampled sampler samplers sanded sander sanding sating satisfies savings sawing saying scales
scattered scheduled scheduler schedules schools scores scratchy screens screenshot sealer seconds
seeded seeding selects sellers senders sensing served server servers serves service serviced
services servile session settle severs shanks shaving sheller shingle shinning shipments shipper
shipping shopped shopping shores shorts shuttered sicking sighed sighing sights signals signer
signet signings singed singing singled singles singly sinned sinning sipped sipping siring situation
skinning skipped skipping slashed slaving slender slipped slipping slogging sloops slopped slopping
smalls smarter smarts smashes smuggest sneaking snipped snipping snitch snitches snores snuggest
socked soling soloing solved solver solves someones sopped sopping sounded spaced spaces spacey
spacial spanning spattered spaying speaks spearing specials specking speller spender spending spends
sponsors spores sprinter stains stakes staking stales standards starch stares starker started
starters starts startups stashed statements stater states statue statues staving stepped stills
stitch stitches stocks stocky stokes stoles stomped stones stooped stopper stopping stored stores
storey storeys stories storks storms stoves strain stropped struck students submit subscriptions
suggestions suggests sulking summits sunblock sunder supervisors supervisory supplements supports
suppose supposes surrey surveys swashed swatch swatches swattered sweats sweller switched switcher
swopped swopping synching systems tacked tacking tailed tailing takers takings talking taming
tanking tapered taping tariffs taring tarrier tarter tasking tasted taster tastes taxing teachable
teller tempered tender tending terminations terror thanking thanks theses thinks thinning thirds
thought thunks ticking tights tiling tilled tilling timers tingle tipped tiring tissue toking
tooling topped touchy tracing tracked tracks transaction transactions transfers transits transmit
trashing treating trials tribal tricking tripped trouble troubled troubles trucking twitch twitches
unblock unblocks unborn unction undated unload unlock unlocks unsubscribed unsubscribes update
updated updater updates upgrade uploads usable usernames ushers vacancy vacant vainer valance vender
venders vending vendor venerate verily verity versification versify versions viscount viscounts
visibly vitamins vocation volumes wadding waffle wafting wailed wailing waiving waking walling
wallowed wanting warrant warrants warranty washboard wasting waving weakly wealthy websites weeded
weighs weight weights weighty wending whacked whereas wheres whipped whipping whiten whiter whites
whiting wholesaled wholesaler wholesales whopping whores wights wiling willed willing windows winnow
wiring witches withdrawals withdrawn withdraws withdrew witness wording workings workouts worming
woulds wounded wright wrings writing wrongs yacked yearly yipped zipped
`
