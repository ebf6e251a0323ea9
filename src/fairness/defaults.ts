// The question set an organization starts with (SPEC, "Fairness"): sex, and race/ethnicity in
// the EEO-1 categories. Every question also offers "prefer not to say" (an answer of null).
export const DEFAULT_QUESTIONS: { label: string; categories: string[] }[] = [
  { label: 'Sex', categories: ['Female', 'Male', 'Another'] },
  {
    label: 'Race/ethnicity',
    categories: [
      'Hispanic or Latino',
      'White',
      'Black or African American',
      'Native Hawaiian or Other Pacific Islander',
      'Asian',
      'American Indian or Alaska Native',
      'Two or More Races',
    ],
  },
];
