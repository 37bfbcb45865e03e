const url = process.env.PAYMENTS_URL;
export default url;
