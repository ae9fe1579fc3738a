package eval

import (
	"errors"
	"fmt"
	"strings"

	"github.com/triage/triage/processors"
)

// RouteGold is the label of a routing record: {"queue"}.
type RouteGold struct {
	Queue string `json:"queue"`
}

// OrderGold is the label of an extraction record; it has the JSON form of
// processors.Order: {"is_order","order_ref","currency","items":[{"product",
// "sku","quantity","unit_price"}]}.
type OrderGold = processors.Order

// LoadRoutes reads labelled tickets (see Load) with route gold.
func LoadRoutes(path string) ([]Labelled[RouteGold], error) {
	return Load(path, processors.KindTicket, checkRouteGold)
}

// LoadOrders reads labelled emails (see Load) with order gold.
func LoadOrders(path string) ([]Labelled[OrderGold], error) {
	return Load(path, processors.KindEmail, checkOrderGold)
}

func checkRouteGold(g RouteGold) error {
	if strings.TrimSpace(g.Queue) == "" {
		return errors.New(`gold.queue is missing or empty`)
	}
	return nil
}

func checkOrderGold(g OrderGold) error {
	if !g.IsOrder && len(g.Items) > 0 {
		return errors.New("gold has items but is_order is false")
	}
	for i, it := range g.Items {
		if it.Quantity <= 0 {
			return fmt.Errorf("gold.items[%d].quantity %d: want a positive integer", i, it.Quantity)
		}
		if it.Product == "" && it.SKU == "" {
			return fmt.Errorf("gold.items[%d] has neither product nor sku", i)
		}
	}
	return nil
}
