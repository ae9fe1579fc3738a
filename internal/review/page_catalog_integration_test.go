package review_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/segmentio/kafka-go"

	"github.com/triage/triage/internal/kafkatest"
	"github.com/triage/triage/processors"
)

// gnomeOrder orders a product the sample catalog does not have: the
// extraction flags it (unknown_product) and the order goes to review.
const gnomeOrder = `{"message_id":"<gnome-1@example.com>","from":"ann@example.com","to":["orders@example.com"],"subject":"Order","text":"Hello,\n\nPlease send 3 x ZZ-999 Garden gnome.\n\nThanks, Ann","received_at":"2026-11-27T10:00:00Z"}`

// Headless Chromium edits an order's items with the catalog's help: typing
// in the catalog field lists catalog products (GET /catalog), picking one
// adds it with its SKU and price, and saving publishes the superseding
// order with it.
func TestIntegrationReviewItemsFromCatalogInChromium(t *testing.T) {
	browser := chromiumPath(t)
	b := kafkatest.Start(t)
	cfg := pageConfig(t, b, "rc")
	cfg.Topics.Emails = b.Topic(t, "rc.emails", 1)
	cfg.Topics.Orders = b.Topic(t, "rc.orders", 1)
	cfg.Rules.Catalog = "../demo/samples/catalog.csv"
	startService(t, cfg)
	b.Produce(t, kafka.Message{Topic: cfg.Topics.Emails, Key: []byte("ann"), Value: []byte(gnomeOrder)})
	if len(b.ReadN(t, cfg.Topics.Review, 1, 60*time.Second)) != 1 {
		t.Fatal("no review task for an order with an unknown product")
	}
	base := startPage(t, cfg)
	cctx := chromium(t, browser)
	waitForTask(t, cctx, base)
	err := chromedp.Do(cctx,
		chromedp.Click("a.task"),
		chromedp.WaitVisible("#catalog-search"),
		chromedp.SetValue("#by", "sam@example.com"),
		chromedp.SetValue("#items", "[]"),
		chromedp.SendKeys("#catalog-search", "house blend 1 kg"),
		chromedp.WaitReady(`#catalog-hits option[value^="HB-1KG"]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Pick the first suggestion, as choosing it from the list does.
	if _, err := chromedp.Run(cctx, chromedp.Evaluate[bool](`(() => { const s = document.getElementById("catalog-search");
		s.value = document.querySelector("#catalog-hits option").value; s.dispatchEvent(new Event("input")); return true; })()`)); err != nil {
		t.Fatal(err)
	}
	items, err := chromedp.Run(cctx, chromedp.Evaluate[string](`document.getElementById("items").value`))
	if err != nil {
		t.Fatal(err)
	}
	var picked []processors.Item
	if err := json.Unmarshal([]byte(items), &picked); err != nil || len(picked) != 1 || picked[0].SKU != "HB-1KG" ||
		picked[0].Quantity != 1 || picked[0].UnitPrice == nil || *picked[0].UnitPrice != 18.5 {
		t.Fatalf("items after picking: %s (%v)", items, err)
	}
	if err := chromedp.Do(cctx, chromedp.Click("#save-items"), chromedp.WaitVisible("body.list")); err != nil {
		t.Fatal(err)
	}
	orders := b.ReadN(t, cfg.Topics.Orders, 2, 60*time.Second)
	if len(orders) != 2 {
		t.Fatalf("%d order events, want the first and the superseding one", len(orders))
	}
	var sup struct {
		Supersedes string `json:"supersedes"`
		Data       struct {
			Decision processors.Order `json:"decision"`
		} `json:"data"`
	}
	if err := json.Unmarshal(orders[1].Value, &sup); err != nil {
		t.Fatal(err)
	}
	if sup.Supersedes == "" || len(sup.Data.Decision.Items) != 1 || !strings.EqualFold(sup.Data.Decision.Items[0].SKU, "HB-1KG") {
		t.Errorf("superseding order %+v", sup)
	}
}
