package model

import "math"

// FitTemperature returns the temperature (>= 1) that minimises the mean
// negative log-likelihood of the gold classes when each row of scores
// (Scores of a text the model was not trained on) is divided by it and
// normalised: the standard fix for a classifier whose probabilities are
// too sure. It searches a fixed logarithmic grid from 1 to 10,000, so the
// same scores always give the same temperature; with no rows it returns 1.
func FitTemperature(scores [][]float64, gold []int) float64 {
	best, bestLoss := 1.0, math.Inf(1)
	for i := 0; i <= 160; i++ {
		t := math.Pow(10, float64(i)/40)
		if l := nll(scores, gold, t); l < bestLoss {
			best, bestLoss = t, l
		}
	}
	return math.Round(best*1000) / 1000
}

// nll is the mean negative log-likelihood of the gold classes at
// temperature t.
func nll(scores [][]float64, gold []int, t float64) float64 {
	if len(scores) == 0 {
		return 0
	}
	var sum float64
	for i, row := range scores {
		top := math.Inf(-1)
		for _, s := range row {
			top = max(top, s/t)
		}
		var z float64
		for _, s := range row {
			z += math.Exp(s/t - top)
		}
		sum += top + math.Log(z) - row[gold[i]]/t
	}
	return sum / float64(len(scores))
}
