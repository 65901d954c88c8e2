// Where the Campaign CMS is: the API is under <apiBase>/api/v2/. Add ?api=https://campaigns.example.org to the
// page's address to use another one without editing this file.
window.CAMPAIGN_CMS = { apiBase: "http://127.0.0.1:8000" };
