# Breaks one constraint: a recommendation says what it recommends.
# expect: mbxsh:Recommendation-recommends mbx:recommends violation
DELETE DATA { mylab:rec-01 mbx:recommends mbx:ResistanceTraining }
