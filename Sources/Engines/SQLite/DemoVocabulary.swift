/// The words the demo database is made of; weights are relative frequencies.
enum DemoVocabulary {
    static let firstNames = [
        "Emma", "Olivia", "Ava", "Sophia", "Mia", "Amelia", "Harper", "Evelyn", "Abigail", "Emily",
        "Ella", "Chloe", "Grace", "Lily", "Zoe", "Nora", "Hannah", "Layla", "Aria", "Maya",
        "Liam", "Noah", "Oliver", "Elijah", "James", "Lucas", "Mason", "Ethan", "Logan", "Jacob",
        "Lucía", "Camila", "Valentina", "Isabela", "Mariana", "Gabriel", "Mateo", "Santiago", "Léa", "Chloé",
        "Hugo", "Louis", "Jonas", "Lena", "Mila", "Finn", "Sakura", "Yuki", "Haruto", "Aarav",
        "Priya", "Ananya", "Rohan", "Ji-woo", "Min-jun", "Freya", "Astrid", "Lars", "Zofia", "Jakub",
    ]

    static let lastNames = [
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
        "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Green",
        "Silva", "Santos", "Oliveira", "Souza", "Hernández", "López", "González", "Müller", "Schmidt", "Schneider",
        "Dubois", "Moreau", "Laurent", "Rossi", "Russo", "Ferrari", "Sato", "Suzuki", "Takahashi", "Patel",
        "Sharma", "Singh", "Kim", "Park", "Choi", "Andersson", "Johansson", "de Vries", "Nowak", "Kowalski",
    ]

    /// ISO country codes, weighted roughly like a US-born social product's audience.
    static let countries: KeyValuePairs<String, Int> = [
        "US": 34, "BR": 9, "GB": 7, "DE": 6, "FR": 6, "MX": 5, "IN": 5, "CA": 5,
        "JP": 4, "AU": 4, "KR": 3, "ES": 3, "IT": 3, "NL": 2, "SE": 2, "PL": 2,
    ]

    static let businessSuffixes = [
        "Studio", "Design Co.", "Kitchen", "Home", "Crafts", "Boutique", "Photography", "Interiors",
    ]

    /// Board categories, weighted like the interests people pin most.
    static let categories: KeyValuePairs<String, Int> = [
        "Food & Drink": 14, "Home Decor": 12, "Fashion": 10, "DIY & Crafts": 9, "Travel": 8,
        "Beauty": 7, "Weddings": 5, "Gardening": 5, "Fitness": 5, "Art": 5, "Kids & Parenting": 4,
        "Photography": 4, "Quotes": 4, "Animals": 4, "Architecture": 2, "Technology": 2,
    ]

    static let boardAdjectives = [
        "My", "Cozy", "Dream", "Weekend", "Summer", "Minimal", "Vintage", "Everyday", "Favorite", "Future",
        "Best of", "Simple", "Someday", "Inspiring", "Little",
    ]

    static let titleStarts = [
        "Easy", "Simple", "Quick", "Modern", "Cozy", "Budget", "Creative", "Beautiful", "Minimalist",
        "Vintage", "Colorful", "Small-space", "Last-minute", "Everyday", "Rustic", "Bold",
    ]

    static let titleEnds = [
        "ideas", "inspiration", "tips", "projects", "for beginners", "hacks", "trends for 2026",
        "you'll love", "on a budget", "checklist", "mood board", "must-haves",
    ]

    /// Where pins link to, weighted like a long tail of big sites.
    static let domains: KeyValuePairs<String, Int> = [
        "etsy.com": 14, "youtube.com": 12, "instagram.com": 11, "amazon.com": 10, "allrecipes.com": 7,
        "ikea.com": 6, "medium.com": 5, "wordpress.com": 8, "blogspot.com": 7, "nytimes.com": 3,
        "vogue.com": 3, "bhg.com": 4, "tasty.co": 4, "unsplash.com": 6,
    ]

    /// Event kinds in percent: most events are views, few are shares.
    static let eventKinds: KeyValuePairs<String, Int> = [
        "view": 70, "click": 16, "save": 9, "comment": 3, "share": 2,
    ]

    /// Devices in percent.
    static let devices: KeyValuePairs<String, Int> = [
        "ios": 38, "android": 33, "web": 24, "tablet": 5,
    ]
}
